using Bazaar.Remotes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Cli.Hosting;

/// <summary>The remotes this build of the CLI carries: one place that adds them and lists their types.</summary>
internal static class InstalledRemotes
{
    private static readonly Lazy<IReadOnlySet<string>> LazyTypes = new(() =>
    {
        var services = new ServiceCollection().AddLogging();
        AddTo(services.AddBazaar());
        using var provider = services.BuildServiceProvider();
        return new RemoteTypeSet(provider.GetServices<IRemote>());
    });

    /// <summary>Gets the remote types graph files may use; validating against them also checks each remote's settings.</summary>
    public static IReadOnlySet<string> Types => LazyTypes.Value;

    private static readonly IReadOnlyDictionary<string, Action<IBazaarBuilder>> All = new Dictionary<string, Action<IBazaarBuilder>>(StringComparer.Ordinal)
    {
        ["process"] = b => b.AddProcessRemote(),
        ["docker"] = b => b.AddDockerRemote(),
        ["aws-lambda"] = b => b.AddAwsLambdaRemote(),
        ["azure-functions"] = b => b.AddAzureFunctionsRemote(),
        ["azure-container-instances"] = b => b.AddAzureContainerInstancesRemote(),
        ["aws-ecs"] = b => b.AddAwsEcsRemote(),
        ["aws-batch"] = b => b.AddAwsBatchRemote(),
    };

    /// <summary>Gets the names of the installed remote types, as graphs and <c>serve --remotes</c> name them.</summary>
    public static IReadOnlyCollection<string> Names => [.. All.Keys];

    /// <summary>
    /// Adds the installed remotes, or only those <paramref name="only"/> names: a host offers a
    /// submitted graph nothing else. The Lambda remote takes its endpoint from <c>AWS_ENDPOINT_URL_LAMBDA</c>
    /// (or <c>AWS_ENDPOINT_URL</c>), its region and credentials from the AWS default chain; the Container
    /// Instances remote its defaults from <c>AZURE_SUBSCRIPTION_ID</c>, <c>BAZAAR_ACI_RESOURCE_GROUP</c>,
    /// <c>BAZAAR_ACI_LOCATION</c> and <c>BAZAAR_AGENT_IMAGE</c>, its credential from <c>DefaultAzureCredential</c>; the ECS
    /// remote its endpoint from <c>AWS_ENDPOINT_URL_ECS</c>, its cluster, task definition and network from <c>BAZAAR_ECS_*</c>,
    /// its region and credentials from the AWS default chain; the Batch remote likewise, from <c>AWS_ENDPOINT_URL_BATCH</c>
    /// and <c>BAZAAR_BATCH_*</c>; the Azure Functions remote its base URL, allowed URLs and key from
    /// <c>BAZAAR_AZURE_FUNCTIONS_URL</c>, <c>BAZAAR_AZURE_FUNCTIONS_ALLOWED_URLS</c> and <c>BAZAAR_AZURE_FUNCTIONS_KEY</c>.
    /// </summary>
    /// <param name="builder">Bazaar's builder.</param>
    /// <param name="only">The remote types to add; all when <see langword="null"/>.</param>
    public static void AddTo(IBazaarBuilder builder, IReadOnlyCollection<string>? only = null)
    {
        foreach (var (name, add) in All.Where(r => only is null || only.Contains(r.Key)))
        {
            add(builder);
        }
    }
}
