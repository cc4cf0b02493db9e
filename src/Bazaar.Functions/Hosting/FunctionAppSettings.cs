using Bazaar.CallHome;
using Bazaar.Hosting;
using Microsoft.Extensions.Configuration;

namespace Bazaar.Functions.Hosting;

/// <summary>
/// Maps the Function App's settings onto <see cref="BazaarHostOptions"/>, with the names the CLI
/// uses: <c>BAZAAR_STORAGE</c> (a connection string) or <c>BAZAAR_STORAGE_ACCOUNT_URL</c>
/// (a blob endpoint reached with <c>DefaultAzureCredential</c>; it wins when both are set, as in
/// the CLI), else the app's own storage, <c>AzureWebJobsStorage</c>; <c>BAZAAR_CONTAINER</c>
/// (default <c>bazaar</c>); <c>BAZAAR_TASK_HUB</c>.
/// </summary>
internal static class FunctionAppSettings
{
    public static BazaarHostOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new BazaarHostOptions
        {
            Storage = NonEmpty(configuration["BAZAAR_STORAGE"]) ?? NonEmpty(configuration["AzureWebJobsStorage"]),
            StorageAccountUrl = AccountUrl(configuration),
            Container = NonEmpty(configuration["BAZAAR_CONTAINER"]) ?? "bazaar",
        };
        if (NonEmpty(configuration["BAZAAR_TASK_HUB"]) is { } hub)
        {
            options.TaskHub = hub;
        }

        if (options.Storage is null && options.StorageAccountUrl is null)
        {
            throw new BazaarException(
                "The Function App has no storage for products: set BAZAAR_STORAGE (a connection string), " +
                "BAZAAR_STORAGE_ACCOUNT_URL (a blob endpoint, signed in with managed identity) or AzureWebJobsStorage.");
        }

        return options;
    }

    /// <summary>
    /// Sets call-home from the app settings: <c>BAZAAR_CALLBACK_KEYS</c> (<c>kid1:base64key;kid2:base64key</c>, the
    /// first signs; in Azure a Key Vault reference) and <c>BAZAAR_CALLBACK_URL</c>, else <c>https://</c> and the
    /// app's <c>WEBSITE_HOSTNAME</c>. Without keys, no call-home step can be submitted and every callback is refused.
    /// </summary>
    public static void ConfigureCallHome(CallHomeOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (NonEmpty(configuration["BAZAAR_CALLBACK_KEYS"]) is { } keys)
        {
            try
            {
                options.Keys = CallbackKeyRing.Parse(keys);
            }
            catch (BazaarException e)
            {
                throw new BazaarException($"The app setting BAZAAR_CALLBACK_KEYS is not valid. {e.Message}", e);
            }
        }

        if (NonEmpty(configuration["BAZAAR_CALLBACK_URL"]) is { } url)
        {
            options.CallbackUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : throw new BazaarException(
                $"BAZAAR_CALLBACK_URL is '{url}', which is not an http(s) URL. Set it to the app's address as remote steps reach it, e.g. https://NAME.azurewebsites.net.");
        }
        else if (NonEmpty(configuration["WEBSITE_HOSTNAME"]) is { } host)
        {
            options.CallbackUrl = new Uri($"https://{host}");
        }
    }

    private static Uri? AccountUrl(IConfiguration configuration)
    {
        if (NonEmpty(configuration["BAZAAR_STORAGE_ACCOUNT_URL"]) is { } url)
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new BazaarException(
                $"BAZAAR_STORAGE_ACCOUNT_URL is '{url}', which is not a URL. Set it to the account's blob endpoint, e.g. https://NAME.blob.core.windows.net.");
        }

        if (NonEmpty(configuration["AzureWebJobsStorage"]) is not null)
        {
            return null;
        }

        // The app's storage reached through managed identity is configured as
        // AzureWebJobsStorage__blobServiceUri or AzureWebJobsStorage__accountName, not a connection string.
        if (NonEmpty(configuration["AzureWebJobsStorage:blobServiceUri"]) is { } blob && Uri.TryCreate(blob, UriKind.Absolute, out var blobUri))
        {
            return blobUri;
        }

        return NonEmpty(configuration["AzureWebJobsStorage:accountName"]) is { } account
            ? new Uri($"https://{account}.blob.core.windows.net")
            : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
