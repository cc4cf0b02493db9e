using Azure.Identity;
using DurableTask.AzureStorage;

namespace Bazaar.Hosting;

/// <summary>Builds the Durable Task storage clients from <see cref="BazaarHostOptions"/>: a connection string, or an account URL with <c>DefaultAzureCredential</c>.</summary>
internal static class StorageClients
{
    public static StorageAccountClientProvider CreateDurableProvider(BazaarHostOptions options)
    {
        if (options.StorageAccountUrl is { } blob)
        {
            return new StorageAccountClientProvider(blob, Sibling(blob, "queue"), Sibling(blob, "table"), new DefaultAzureCredential());
        }

        return new StorageAccountClientProvider(options.Storage ?? "UseDevelopmentStorage=true");
    }

    private static Uri Sibling(Uri blob, string service) =>
        new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", $".{service}.", StringComparison.OrdinalIgnoreCase) }.Uri;
}
