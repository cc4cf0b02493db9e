using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Functions.Hosting;

/// <summary>Bazaar's part of the Function App's services, apart from Program so tests can build the same set.</summary>
internal static class FunctionAppServices
{
    /// <summary>
    /// Adds the product store (from the app settings), the process and AWS Lambda remotes and the
    /// HTTP API. Lambda takes its region and keys from AWS_REGION and AWS_ACCESS_KEY_ID /
    /// AWS_SECRET_ACCESS_KEY (Key Vault references, from infra/main.bicep). Docker is left out: a
    /// Function App has no engine, and the docker remote needs the workspace on the engine's machine.
    /// </summary>
    public static IBazaarBuilder AddBazaarFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = FunctionAppSettings.Read(configuration);
        return services.AddBazaar()
            .AddBlobProductStore(settings.ConfigureStore)
            .AddProcessRemote()
            .AddAwsLambdaRemote()
            .AddHttpApi();
    }
}
