using System.Text;

namespace Bazaar.Remotes.Http;

/// <summary>
/// URLs that may carry secrets in their query (a function's <c>code</c>, a SAS <c>sig</c>): stripped of them
/// before they reach a log, a message, a record or an orchestration's history.
/// </summary>
internal static class SecretUrls
{
    private static readonly string[] SecretWords = ["code", "sig", "key", "token", "secret", "password", "credential", "auth"];

    /// <summary>Whether a query parameter's name says it holds a secret.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns><see langword="true"/> for <c>code</c>, <c>sig</c> and names holding key, token, secret, password, credential or auth.</returns>
    public static bool IsSecretParameter(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>The URL without user information and without the query parameters that hold secrets.</summary>
    /// <param name="url">An absolute URL.</param>
    /// <returns>The URL, safe to keep.</returns>
    public static Uri Strip(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty, Fragment = string.Empty };
        var kept = new StringBuilder();
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(pair.Split('=', 2)[0]);
            if (!IsSecretParameter(name))
            {
                kept.Append(kept.Length == 0 ? string.Empty : "&").Append(pair);
            }
        }

        builder.Query = kept.ToString();
        return builder.Uri;
    }

    /// <summary>Whether the URL has user information or a query parameter that holds a secret.</summary>
    /// <param name="url">An absolute URL.</param>
    /// <returns><see langword="true"/> when <see cref="Strip"/> would change it.</returns>
    public static bool HasSecrets(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.UserInfo.Length > 0 || url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Any(pair => IsSecretParameter(Uri.UnescapeDataString(pair.Split('=', 2)[0])));
    }

    /// <summary>The URL for a message: scheme, host, port and path, no query.</summary>
    /// <param name="url">An absolute URL.</param>
    /// <returns>The text.</returns>
    public static string Describe(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetLeftPart(UriPartial.Path);
    }
}
