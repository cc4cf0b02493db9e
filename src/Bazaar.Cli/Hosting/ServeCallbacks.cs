using System.Net;
using Bazaar.CallHome;
using Bazaar.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// Call-home for <c>bazaar serve</c>: its keys are <c>BAZAAR_CALLBACK_KEYS</c> when set (several machines on
/// one task hub must share them), else a key made on first start and kept 0600 in <c>~/.bazaar/callback.keys</c>;
/// agents call <c>BAZAAR_CALLBACK_URL</c> when set, else the address serve listens on.
/// </summary>
internal static class ServeCallbacks
{
    public static void Configure(CallHomeOptions options) =>
        Configure(options, Environment.GetEnvironmentVariable, () => LocalStorageLocation.FromEnvironment().CallbackKeyFile);

    internal static void Configure(CallHomeOptions options, Func<string, string?> environment, Func<string> keyFile)
    {
        var keys = environment("BAZAAR_CALLBACK_KEYS");
        options.Keys = CallbackKeyRing.Parse(string.IsNullOrWhiteSpace(keys)
            ? SecretFile.ReadOrCreate(keyFile(), CallbackKeyRing.NewSetting)
            : keys);
        var url = environment("BAZAAR_CALLBACK_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            options.CallbackUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new BazaarException($"BAZAAR_CALLBACK_URL is '{url}', which is not an http(s) URL. Set it to this server's address as remote steps reach it, e.g. https://bazaar.example.");
        }
    }

    /// <summary>Once serve listens, makes its first address the callback URL unless one was set.</summary>
    public static void UseListeningAddress(IServiceProvider services, IReadOnlyList<string> addresses)
    {
        // The options object is the one CallbackTokens reads; the port is known only now (port 0 picks one).
        var options = services.GetRequiredService<IOptions<CallHomeOptions>>().Value;
        if (options.CallbackUrl is null && addresses.Count > 0 && DefaultUrl(addresses[0]) is { } url)
        {
            options.CallbackUrl = url;
        }
    }

    /// <summary>Gets the callback URL for a listening address: a wildcard one (every interface) by this machine's name.</summary>
    internal static Uri? DefaultUrl(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }

        return uri.Host is "0.0.0.0" or "[::]" or "::"
            ? new UriBuilder(uri) { Host = Dns.GetHostName() }.Uri
            : uri;
    }
}
