using System.Text.RegularExpressions;
using Bazaar.Graphs;
using Bazaar.Remotes.Http;

namespace Bazaar.Remotes.AzureFunctions;

/// <summary>Reads a <c>type: azure-functions</c> remote's settings and reports every problem with them.</summary>
internal static partial class FunctionSettingsReader
{
    /// <summary>The remote type.</summary>
    public const string RemoteType = "azure-functions";

    /// <summary>The function's name under the host's base URL.</summary>
    public const string FunctionKey = "function";

    /// <summary>The function's URL, under one of the host's allowed URLs.</summary>
    public const string UrlKey = "url";

    /// <summary>The settings an azure-functions remote takes, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> Keys = [FunctionKey, UrlKey];

    private static readonly string[] KeyLike = ["key", "code", "secret", "token", "password"];

    /// <summary>Reads the settings.</summary>
    /// <param name="remote">The remote.</param>
    /// <param name="problems">Receives what is wrong, one entry per setting, each saying what to write instead.</param>
    /// <returns>The settings, or <see langword="null"/> when there were problems.</returns>
    public static FunctionStepSettings? Read(RemoteDefinition remote, List<RemoteSettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var settings = remote.Settings;
        foreach (var key in settings.Keys.Where(k => !Keys.Contains(k)).Order(StringComparer.Ordinal))
        {
            problems.Add(new(key, KeyLike.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase))
                ? $"{RemoteType} setting '{key}' is refused: a graph file never holds the function's key; the host sends its own ({AzureFunctionsRemoteOptions.KeyVariable}) as x-functions-key. Remove it from the graph"
                : $"{RemoteType} setting '{key}' is not known; the {RemoteType} remote takes {FunctionKey} (a name under the host's {AzureFunctionsRemoteOptions.BaseUrlVariable}) or {UrlKey} (a URL under one of the host's {AzureFunctionsRemoteOptions.AllowedUrlsVariable})"));
        }

        var function = RemoteSettingValues.Text(settings, RemoteType, FunctionKey, "write the function's name, e.g. function: bazaar-step", problems);
        if (function is not null && !FunctionPattern().IsMatch(function))
        {
            problems.Add(new(FunctionKey, $"{RemoteType} setting '{FunctionKey}' is '{function}', which is not a function name; write 1-127 of A-Z a-z 0-9 - _ (the function's route under the host's base URL), e.g. bazaar-step"));
            function = null;
        }

        var text = RemoteSettingValues.Text(settings, RemoteType, UrlKey, "write the function's https URL, e.g. url: https://my-app.azurewebsites.net/api/bazaar-step", problems);
        Uri? url = null;
        if (text is not null)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add(new(UrlKey, $"{RemoteType} setting '{UrlKey}' is not an absolute http(s) URL; write the function's URL, e.g. https://my-app.azurewebsites.net/api/bazaar-step"));
            }
            else if (SecretUrls.HasSecrets(parsed))
            {
                // Said without the value: it holds the secret.
                problems.Add(new(UrlKey, $"{RemoteType} setting '{UrlKey}' carries a key or user information (?code=… or similar); a graph file never holds the function's key. Write the URL without it: the host sends its own ({AzureFunctionsRemoteOptions.KeyVariable})"));
            }
            else
            {
                url = parsed;
            }
        }

        var present = (settings.ContainsKey(FunctionKey) ? 1 : 0) + (settings.ContainsKey(UrlKey) ? 1 : 0);
        if (present != 1)
        {
            problems.Add(new(present == 0 ? FunctionKey : UrlKey, present == 0
                ? $"the {RemoteType} remote needs {FunctionKey}: (a name under the host's base URL) or {UrlKey}:, e.g. {{ type: {RemoteType}, {FunctionKey}: bazaar-step }}"
                : $"the {RemoteType} remote takes {FunctionKey}: or {UrlKey}:, not both; keep one"));
        }

        return problems.Count == before ? new FunctionStepSettings(function, url) : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionPattern();
}
