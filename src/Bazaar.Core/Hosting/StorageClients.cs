using Azure.Identity;
using DurableTask.AzureStorage;

namespace Bazaar.Hosting;

/// <summary>Builds storage clients from <see cref="BazaarHostOptions"/>: a connection string, or an account URL with <c>DefaultAzureCredential</c>.</summary>
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

    /// <summary>Describes where storage is, for messages; never includes a key.</summary>
    public static string Describe(BazaarHostOptions options)
    {
        if (options.StorageAccountUrl is { } url)
        {
            return url.ToString();
        }

        var storage = options.Storage ?? string.Empty;
        if (storage.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "Azurite at 127.0.0.1:10000-10002";
        }

        var parts = storage.Split(';');
        var endpoint = parts.FirstOrDefault(p => p.StartsWith("BlobEndpoint=", StringComparison.OrdinalIgnoreCase));
        if (endpoint is not null)
        {
            return endpoint["BlobEndpoint=".Length..];
        }

        var account = parts.FirstOrDefault(p => p.StartsWith("AccountName=", StringComparison.OrdinalIgnoreCase));
        if (account is not null)
        {
            return $"storage account {account["AccountName=".Length..]}";
        }

        return "the storage account in BAZAAR_STORAGE";
    }

    private static Uri Sibling(Uri blob, string service) =>
        new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", $".{service}.", StringComparison.OrdinalIgnoreCase) }.Uri;
}
