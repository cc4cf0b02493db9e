using System.Net;

namespace Bazaar.Cli.Hosting;

/// <summary>The addresses <c>bazaar serve</c> listens on, as <c>--urls</c> gives them (Kestrel's syntax, <c>;</c>-separated).</summary>
internal static class ListenUrls
{
    /// <summary>The default: loopback only, on the port <c>func start</c> uses, so the same client calls work against both.</summary>
    public const string Default = "http://127.0.0.1:7071";

    public static IReadOnlyList<string> Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Returns what is wrong with one URL, or <see langword="null"/> when Kestrel can listen on it.</summary>
    public static string? Problem(string url)
    {
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? $"--urls '{url}': serve speaks plain HTTP; put a TLS-terminating proxy in front of it, or use http://."
                : $"--urls '{url}' is not a URL like http://127.0.0.1:7071.";
        }

        var host = HostOf(url);
        var rest = url[("http://".Length + host.Length)..];
        if (host.Length == 0 || !rest.StartsWith(':') || !int.TryParse(rest[1..].TrimEnd('/'), out var port) || port is < 0 or > 65535)
        {
            return $"--urls '{url}' needs a host and a port, like http://127.0.0.1:7071 (port 0 picks a free one).";
        }

        return null;
    }

    /// <summary>Gets a value indicating whether only this machine can reach <paramref name="url"/>.</summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url).Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static string HostOf(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? rest : rest[..(close + 1)];
        }

        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }
}
