using Bazaar.CallHome;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Functions.Hosting;

/// <summary>Bazaar's part of the Function App's services, apart from Program so tests can build the same set.</summary>
internal static class FunctionAppServices
{
    /// <summary>The remote types the app carries, and what each adds.</summary>
    private static readonly IReadOnlyDictionary<string, Func<IBazaarBuilder, IBazaarBuilder>> Carried =
        new Dictionary<string, Func<IBazaarBuilder, IBazaarBuilder>>(StringComparer.Ordinal)
        {
            ["process"] = b => b.AddProcessRemote(),
            ["aws-lambda"] = b => b.AddAwsLambdaRemote(),
            ["azure-functions"] = b => b.AddAzureFunctionsRemote(),
            ["azure-container-instances"] = b => b.AddAzureContainerInstancesRemote(),
            ["aws-ecs"] = b => b.AddAwsEcsRemote(),
            ["aws-batch"] = b => b.AddAwsBatchRemote(),
        };

    /// <summary>
    /// Adds the product store (from the app settings), the remotes <c>BAZAAR_REMOTES</c> offers, and
    /// the HTTP API. <c>BAZAAR_REMOTES</c> is a comma-separated list of process, aws-lambda,
    /// azure-functions, azure-container-instances, aws-ecs and aws-batch and is
    /// <c>aws-lambda</c> when unset: whoever may submit a graph could run commands inside the app
    /// through the process remote, so it is off unless the setting turns it on. Lambda takes its
    /// region and keys from AWS_REGION and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (Key Vault
    /// references, from infra/main.bicep). Container Instances takes its defaults from AZURE_SUBSCRIPTION_ID,
    /// BAZAAR_ACI_RESOURCE_GROUP, BAZAAR_ACI_LOCATION and BAZAAR_AGENT_IMAGE, and signs with the app's managed identity
    /// (DefaultAzureCredential; AZURE_CLIENT_ID picks the user-assigned one). Azure Functions takes its base URL, allowed URLs
    /// and key from BAZAAR_AZURE_FUNCTIONS_URL, BAZAAR_AZURE_FUNCTIONS_ALLOWED_URLS and BAZAAR_AZURE_FUNCTIONS_KEY (a Key Vault reference). Docker is not carried: a Function App has no engine. Call-home
    /// takes its keys from <c>BAZAAR_CALLBACK_KEYS</c> and its URL from <c>BAZAAR_CALLBACK_URL</c> (see
    /// <see cref="FunctionAppSettings.ConfigureCallHome"/>).
    /// </summary>
    public static IBazaarBuilder AddBazaarFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = FunctionAppSettings.Read(configuration);
        var bazaar = services.AddBazaar().AddBlobProductStore(settings.ConfigureStore);
        foreach (var type in OfferedRemotes(configuration["BAZAAR_REMOTES"]))
        {
            Carried[type](bazaar);
        }

        // Read now, so a wrong setting stops the app at start rather than failing its first callback.
        var callHome = new CallHomeOptions();
        FunctionAppSettings.ConfigureCallHome(callHome, configuration);
        // The front end closes a request at 230 s: an event stream ends itself before that, and the browser resumes it.
        return bazaar.AddHttpApi(o => o.LiveStreamLimit = TimeSpan.FromSeconds(200)).AddCallHome(o =>
        {
            o.Keys = callHome.Keys;
            o.CallbackUrl = callHome.CallbackUrl;
        });
    }

    private static string[] OfferedRemotes(string? setting)
    {
        var offered = string.IsNullOrWhiteSpace(setting)
            ? ["aws-lambda"]
            : setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return offered.FirstOrDefault(t => !Carried.ContainsKey(t)) is { } unknown
            ? throw new BazaarException($"BAZAAR_REMOTES names '{unknown}', which this app does not carry; it carries {string.Join(", ", Carried.Keys)}.")
            : offered;
    }
}
