using Bazaar.Http;

namespace Bazaar.Functions.Http;

/// <summary>
/// Where the Function App's routes sit. host.json's <c>routePrefix</c> is empty so the app can serve the web UI at
/// <c>/</c> and <c>/ui/…</c> as <c>bazaar serve</c> does; the API's functions put <see cref="ApiRoutes.Prefix"/> back
/// in their own routes, so every API address is what it was (<c>/api/runs</c>, <c>/api/callbacks/{event}</c>).
/// </summary>
internal static class FunctionRoutes
{
    /// <summary>The start of every API function's route: <c>api/</c>.</summary>
    public const string Api = ApiRoutes.Prefix + "/";

    /// <summary>
    /// The site's root only. An empty route is not matched by the Functions host (Azure/Azure-Functions#2473), so
    /// an optional parameter that must be empty stands for it.
    /// </summary>
    public const string Root = "{root:maxlength(0)?}";

    /// <summary>The page and its files: <c>/ui/</c>, <c>/ui/runs/ID</c>, <c>/ui/assets/app.js</c>.</summary>
    public const string Ui = "ui/{*path}";
}
