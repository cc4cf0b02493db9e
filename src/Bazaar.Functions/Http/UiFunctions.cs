using Bazaar.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bazaar.Functions.Http;

/// <summary>
/// The web UI, served by the Function App as by <c>bazaar serve</c>: the bundle embedded in Bazaar.Http, answered by
/// <see cref="WebUi.Answer"/> with the same Content-Security-Policy and headers. Anonymous: the page and its files
/// hold no data, and a browser cannot send a key with the requests its own HTML makes. Every API call the page makes
/// carries the function key (<c>x-functions-key</c>), taken once from <c>?code=</c> into the tab's session storage.
/// The host's own home page is turned off (<c>AzureWebJobsDisableHomepage</c>) so <see cref="UiRoot"/> answers <c>/</c>.
/// </summary>
public static class UiFunctions
{
    /// <summary><c>GET /</c>: sends the browser to <c>/ui/</c>, keeping the query (a <c>code</c> among it).</summary>
    /// <param name="req">The request.</param>
    /// <returns>The redirect.</returns>
    [Function(nameof(UiRoot))]
    public static IResult UiRoot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Root)] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        return WebUi.Answer(req.HttpContext, null);
    }

    /// <summary><c>GET /ui/{*path}</c>: the page, or one of its files under <c>assets/</c>.</summary>
    /// <param name="req">The request.</param>
    /// <param name="path">The path under <c>/ui/</c>.</param>
    /// <returns>The page or the file.</returns>
    [Function(nameof(UiPage))]
    public static IResult UiPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Ui)] HttpRequest req,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(req);
        return WebUi.Answer(req.HttpContext, path ?? string.Empty);
    }
}
