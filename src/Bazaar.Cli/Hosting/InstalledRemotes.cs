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

    /// <summary>
    /// Adds every installed remote. The Lambda remote takes its endpoint from <c>AWS_ENDPOINT_URL_LAMBDA</c>
    /// (or <c>AWS_ENDPOINT_URL</c>), its region and credentials from the AWS default chain.
    /// </summary>
    /// <param name="builder">Bazaar's builder.</param>
    public static void AddTo(IBazaarBuilder builder) => builder.AddProcessRemote().AddDockerRemote().AddAwsLambdaRemote();
}
