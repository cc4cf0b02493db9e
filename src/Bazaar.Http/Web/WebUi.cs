using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bazaar.Http;

/// <summary>
/// The web UI's files, embedded in this assembly at build time (web/, bundled by esbuild): <c>GET /</c> sends a
/// browser to <c>/ui/</c>, <c>/ui/assets/…</c> are the bundle, and any other <c>/ui/…</c> path is the page, which
/// reads its view from the address (so a link to a run, a step or an attempt opens it). Every answer carries a
/// strict Content-Security-Policy: scripts, styles and connections from this origin only, nothing inline.
/// </summary>
public static class WebUi
{
    /// <summary>The Content-Security-Policy of every UI answer.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly ConcurrentDictionary<string, (byte[] Bytes, string ETag)?> Files = new(StringComparer.Ordinal);

    /// <summary>Maps <c>GET /</c>, <c>/ui/assets/{file}</c> and <c>/ui/{**path}</c>.</summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The same app.</returns>
    public static IEndpointRouteBuilder MapBazaarUi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", (HttpContext c) => Answer(c, null));
        endpoints.MapGet("/ui/{**path}", (HttpContext c, string? path) => Answer(c, path ?? string.Empty));
        return endpoints;
    }

    /// <summary>
    /// Answers a request for the UI the way <see cref="MapBazaarUi"/> does, for a host that routes on its own
    /// (the Function App's <c>UiRoot</c> and <c>UiPage</c> functions): the same files and the same headers.
    /// </summary>
    /// <param name="context">The request's context.</param>
    /// <param name="path">
    /// The path under <c>/ui/</c> (<c>assets/app.js</c>, <c>runs/ID</c>, empty for <c>/ui/</c>), or <see langword="null"/>
    /// for the site's root, which sends the browser to <c>/ui/</c>.
    /// </param>
    /// <returns>The file, the page, or the redirect.</returns>
    public static IResult Answer(HttpContext context, string? path)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (path is null)
        {
            return Redirect(context);
        }

        const string Assets = "assets/";
        return path.StartsWith(Assets, StringComparison.Ordinal) && path.IndexOf('/', Assets.Length) < 0
            ? Serve(context, path[Assets.Length..])
            : Serve(context, "index.html");
    }

    /// <summary>Gets an embedded file of the UI, or <see langword="null"/>.</summary>
    /// <param name="name">The file's name: <c>index.html</c>, <c>app.js</c> or <c>app.css</c>.</param>
    /// <returns>Its bytes.</returns>
    public static byte[]? File(string name) => Load(name)?.Bytes;

    private static (byte[] Bytes, string ETag)? Load(string name) => Files.GetOrAdd(name, static n =>
    {
        using var stream = typeof(WebUi).Assembly.GetManifestResourceStream("Bazaar.Web." + n);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
    });

    // The token (serve's first visit) has become the cookie by now: the redirect drops it from the address bar and history.
    private static IResult Redirect(HttpContext context)
    {
        var query = context.Request.Query.Where(q => q.Key != "token").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        var rest = string.Join('&', query);
        Secure(context.Response);
        return Results.Redirect($"{context.Request.PathBase}/ui/{(rest.Length > 0 ? "?" + rest : string.Empty)}");
    }

    private static IResult Serve(HttpContext context, string name)
    {
        Secure(context.Response);
        if (Load(name) is not { } file)
        {
            return ApiProblem.NotFound($"The web UI has no file '{name}'.");
        }

        var response = context.Response;
        response.Headers.ETag = file.ETag;
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var type = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "text/html; charset=utf-8",
        };
        return Results.Bytes(file.Bytes, type);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
