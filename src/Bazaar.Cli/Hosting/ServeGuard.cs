using Bazaar.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// What <c>bazaar serve</c> answers and for whom, before any route: a request whose <c>Host</c> is
/// not a name the server is bound to is refused (421: DNS rebinding makes a page's own origin point
/// at 127.0.0.1), and a state-changing request a browser marks as cross-site (<c>Sec-Fetch-Site</c>,
/// <c>Origin</c>) is refused (403: a form on any page can POST to loopback without a preflight), except on
/// the anonymous callback route (<see cref="ApiRoutes.IsAnonymous"/>), which its own token authorises.
/// </summary>
internal static class ServeGuard
{
    private static readonly string[] LoopbackNames = ["127.0.0.1", "localhost", "[::1]", "::1"];

    public static IApplicationBuilder UseServeGuard(this IApplicationBuilder app)
    {
        var server = app.ApplicationServices.GetRequiredService<IServer>();
        return app.Use(async (context, next) =>
        {
            var bound = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                .Select(a => Uri.TryCreate(a.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
                .OfType<Uri>()
                .ToList();
            if (Refusal(context.Request, bound) is { } problem)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    /// <summary>Why the request is refused, or <see langword="null"/>.</summary>
    internal static ApiProblem? Refusal(HttpRequest request, IReadOnlyList<Uri> bound)
    {
        if (!IsBoundName(request.Host.Host, request.Host.Port ?? 80, bound))
        {
            return new ApiProblem(
                StatusCodes.Status421MisdirectedRequest,
                "Misdirected request",
                $"This server answers only to the names it listens on ({string.Join(", ", bound.Select(b => b.Authority))}), not '{request.Host}'. " +
                "A page served from another name that resolves here (DNS rebinding) is refused; use the address serve printed.");
        }

        // The callback route is called by agents, not browsers, and authorised by its own per-attempt token, which
        // a cross-site form cannot send (it travels in Authorization); the Host check above still applies.
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || ApiRoutes.IsAnonymous(request.Method, request.Path.Value))
        {
            return null;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return CrossSite($"the browser marks it {site} (Sec-Fetch-Site)");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var from) && IsBoundName(from.Host, from.Port, bound)))
        {
            return CrossSite($"it comes from the page at {origin}");
        }

        return null;
    }

    private static ApiProblem CrossSite(string why) => new(
        StatusCodes.Status403Forbidden,
        "Cross-site request refused",
        $"This server does not take state-changing requests from other sites: {why}. Use bazaar submit, curl, or the server's own pages.");

    private static bool IsBoundName(string host, int port, IReadOnlyList<Uri> bound) => bound.Any(b =>
        b.Port == port && (IsWildcard(b.Host)
            || string.Equals(b.Host, host, StringComparison.OrdinalIgnoreCase)
            || (IsLoopbackName(b.Host) && IsLoopbackName(host))));

    private static bool IsLoopbackName(string host) => LoopbackNames.Contains(host, StringComparer.OrdinalIgnoreCase);

    // Bound to every address (0.0.0.0, [::]): any name may reach it, and the token decides.
    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "::" or "+" or "*";
}
