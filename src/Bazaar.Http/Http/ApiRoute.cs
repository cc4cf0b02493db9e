namespace Bazaar.Http;

/// <summary>One route of Bazaar's HTTP API: what it is called, its method and its template.</summary>
/// <param name="Name">The operation's name; the Function App names its function after it.</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Template">The route template below <c>/api/</c>, e.g. <c>runs/{id}</c>.</param>
public sealed record ApiRoute(string Name, string Method, string Template)
{
    /// <summary>
    /// Gets a value indicating whether the route takes no host credential (no function key, no <c>serve</c>
    /// token): the callback route, which its own per-attempt token authorises.
    /// </summary>
    public bool Anonymous { get; init; }
}
