using Bazaar.Remotes;

namespace Bazaar.Agent.Transfer;

/// <summary>URLs in messages: scheme, host and path only. The query of a SAS URL is a credential.</summary>
internal static class Urls
{
    public static string Describe(Uri url) =>
        url.IsAbsoluteUri ? SecretRedactor.RedactSas(url.GetLeftPart(UriPartial.Path)) : "a relative URL";
}
