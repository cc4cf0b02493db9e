using Bazaar.Examples.StepFunction;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// An Azure Functions app (isolated worker) that runs Bazaar steps sent by the azure-functions remote.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSingleton(new StepHandler(new StepHandlerOptions
{
    Mode = StepHandlerOptions.ParseMode(Environment.GetEnvironmentVariable("BAZAAR_FUNCTION_MODE")),
}));

await builder.Build().RunAsync().ConfigureAwait(false);
