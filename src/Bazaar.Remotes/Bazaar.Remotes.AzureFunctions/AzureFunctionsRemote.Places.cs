using Bazaar.Graphs;
using Bazaar.Remotes.Http;

namespace Bazaar.Remotes.AzureFunctions;

/// <content>
/// Where a step's function is, from the host's settings only: a name under the base URL, or a URL under one the
/// host allows; https, or http on loopback. The key goes nowhere else: a status URL must be on the function's
/// own origin or under an allowed URL.
/// </content>
internal sealed partial class AzureFunctionsRemote
{
    /// <summary>Resolves a step's function, refusing (misconfigured) settings a graph that skipped validation brings.</summary>
    private FunctionTarget Resolve(RemoteDefinition remote, string step)
    {
        var problems = new List<RemoteSettingProblem>();
        if (FunctionSettingsReader.Read(remote, problems) is { } settings && this.Resolve(settings, problems) is { } target)
        {
            return target;
        }

        var who = remote.Name is { } name ? $"remote '{name}' of step '{step}'" : $"step '{step}'";
        throw new AzureFunctionsRemoteException($"{who} has bad {FunctionSettingsReader.RemoteType} settings: {string.Join("; ", problems.Select(p => p.Message))}") { Kind = FailureKind.Misconfigured };
    }

    /// <summary>Resolves settings against the host's base and allowed URLs, reporting why not.</summary>
    private FunctionTarget? Resolve(FunctionStepSettings settings, List<RemoteSettingProblem> problems)
    {
        if (settings.Function is { } function)
        {
            var baseUrl = this.BaseUrl(problems);
            if (baseUrl is null)
            {
                problems.Add(new(FunctionSettingsReader.FunctionKey, $"{FunctionSettingsReader.RemoteType} setting '{FunctionSettingsReader.FunctionKey}' names a function, but this host has no base URL for functions: set {AzureFunctionsRemoteOptions.BaseUrlVariable} on the host (e.g. https://my-app.azurewebsites.net/api/)"));
                return null;
            }

            var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
            return new FunctionTarget(new Uri(root, Uri.EscapeDataString(function)), function);
        }

        var url = settings.Url!;
        if (!IsSafeTransport(url))
        {
            problems.Add(new(FunctionSettingsReader.UrlKey, $"{FunctionSettingsReader.RemoteType} setting '{FunctionSettingsReader.UrlKey}' is http on a host that is not loopback: the key would travel in clear. Write an https URL"));
            return null;
        }

        if (!this.AllowedUrls().Any(allowed => IsUnder(url, allowed)))
        {
            problems.Add(new(FunctionSettingsReader.UrlKey, $"{FunctionSettingsReader.RemoteType} setting '{FunctionSettingsReader.UrlKey}' is {SecretUrls.Describe(url)}, which is not under a URL this host allows: a graph may not send the host's key elsewhere. " +
                $"Name the function with {FunctionSettingsReader.FunctionKey}: under the host's base URL, or have the host list it in {AzureFunctionsRemoteOptions.AllowedUrlsVariable}"));
            return null;
        }

        return new FunctionTarget(url, null);
    }

    /// <summary>The status URL a 202 named, without its secrets, if the key may go there.</summary>
    private Uri StatusUrl(FunctionTarget target, Uri location, string step)
    {
        var stripped = SecretUrls.Strip(location);
        if (!IsSafeTransport(stripped) || !(SameOrigin(stripped, target.Url) || this.AllowedUrls().Any(allowed => IsUnder(stripped, allowed))))
        {
            throw new AzureFunctionsRemoteException(
                $"Step '{step}': {target.Describe()} answered 202 with a status URL ({SecretUrls.Describe(stripped)}) on another origin than its own, which this host does not allow: " +
                $"the key is sent only to the function's origin and the URLs in {AzureFunctionsRemoteOptions.AllowedUrlsVariable}. List it there, or answer with a Location on the function app.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        return stripped;
    }

    /// <summary>A polled job's URL, checked again against the step's function: history is not trusted with where the key goes.</summary>
    private Uri JobUrl(RemoteDefinition remote, string job)
    {
        if (job.StartsWith(CallbackJobPrefix, StringComparison.Ordinal) || !Uri.TryCreate(job, UriKind.Absolute, out var url))
        {
            throw new AzureFunctionsRemoteException($"Job '{job}' has no status URL to ask.") { Kind = FailureKind.Misconfigured };
        }

        return this.StatusUrl(this.Resolve(remote, "?"), url, "?");
    }

    private Uri? BaseUrl(List<RemoteSettingProblem> problems)
    {
        var url = this.options.BaseUrl;
        if (url is null && this.GetEnvironmentVariable(AzureFunctionsRemoteOptions.BaseUrlVariable) is { Length: > 0 } text)
        {
            Uri.TryCreate(text.Trim(), UriKind.Absolute, out url);
            if (url is null)
            {
                problems.Add(new(FunctionSettingsReader.FunctionKey, $"the host's {AzureFunctionsRemoteOptions.BaseUrlVariable} is not an absolute URL; set it to the app's function URL, e.g. https://my-app.azurewebsites.net/api/"));
                return null;
            }
        }

        if (url is not null && (!IsSafeTransport(url) || SecretUrls.HasSecrets(url)))
        {
            problems.Add(new(FunctionSettingsReader.FunctionKey, $"the host's base URL for functions ({SecretUrls.Describe(url)}) must be https (or http on loopback) without a key in it; the key goes in {AzureFunctionsRemoteOptions.KeyVariable}"));
            return null;
        }

        return url;
    }

    private List<Uri> AllowedUrls()
    {
        var urls = new List<Uri>(this.options.AllowedUrls);
        foreach (var text in (this.GetEnvironmentVariable(AzureFunctionsRemoteOptions.AllowedUrlsVariable) ?? string.Empty).Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && IsSafeTransport(url))
            {
                urls.Add(url);
            }
        }

        return urls;
    }

    private string? HostKey() =>
        this.options.Key is { Length: > 0 } key ? key : this.GetEnvironmentVariable(AzureFunctionsRemoteOptions.KeyVariable) is { Length: > 0 } env ? env.Trim() : null;

    private static bool IsSafeTransport(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>Whether <paramref name="url"/> is <paramref name="allowed"/> or below it (same origin, its path a prefix ending at a '/').</summary>
    private static bool IsUnder(Uri url, Uri allowed)
    {
        if (!SameOrigin(url, allowed))
        {
            return false;
        }

        var prefix = allowed.AbsolutePath.EndsWith('/') ? allowed.AbsolutePath : allowed.AbsolutePath + "/";
        return url.AbsolutePath == allowed.AbsolutePath || url.AbsolutePath.StartsWith(prefix, StringComparison.Ordinal);
    }
}
