using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Functions.Hosting;

/// <summary>Bazaar's part of the Function App's services, apart from Program so tests can build the same set.</summary>
internal static class FunctionAppServices
{
    /// <summary>Adds the product store (from the app settings), the process remote and the HTTP API.</summary>
    public static IBazaarBuilder AddBazaarFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = FunctionAppSettings.Read(configuration);
        return services.AddBazaar()
            .AddBlobProductStore(settings.ConfigureStore)
            .AddProcessRemote()
            .AddHttpApi();
    }
}
