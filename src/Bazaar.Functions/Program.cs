using Bazaar.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// Application Insights adds a rule that keeps only warnings from the worker; drop it so that the
// levels in host.json and app settings decide, and Bazaar's step logs reach Application Insights.
builder.Services.Configure<LoggerFilterOptions>(options =>
{
    var rule = options.Rules.FirstOrDefault(r =>
        r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (rule is not null)
    {
        options.Rules.Remove(rule);
    }
});

var settings = FunctionAppSettings.Read(builder.Configuration);
builder.Services.AddBazaar()
    .AddBlobProductStore(settings.ConfigureStore)
    .AddProcessRemote()
    .AddHttpApi();

await builder.Build().RunAsync().ConfigureAwait(false);
