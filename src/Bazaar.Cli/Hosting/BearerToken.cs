using System.Security.Cryptography;
using System.Text;
using Bazaar.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// <c>bazaar serve</c>'s one credential: every request must carry <c>Authorization: Bearer TOKEN</c>,
/// or the <see cref="CookieName"/> cookie a browser gets after one visit with <c>?token=TOKEN</c>
/// (HttpOnly, SameSite=Strict, as Jupyter does), or it is answered 401 as problem+json. The callback route
/// (<see cref="ApiRoutes.IsAnonymous"/>) is the one exception: its per-attempt token authorises it.
/// </summary>
internal static class BearerToken
{
    public const string CookieName = "bazaar_token";

    public static IApplicationBuilder UseBearerToken(this IApplicationBuilder app, string token)
    {
        // Compared as hashes, so the comparison takes the same time whatever the length or the first wrong byte.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use(async (context, next) =>
        {
            var request = context.Request;

            // Agents calling home hold an attempt's token, not this one: the callback route checks its own.
            if (ApiRoutes.IsAnonymous(request.Method, request.Path.Value))
            {
                await next(context);
                return;
            }

            if (request.Cookies.TryGetValue(CookieName, out var cookie) && Matches(cookie, expected))
            {
                await next(context);
                return;
            }

            if (HttpMethods.IsGet(request.Method) && request.Query.TryGetValue("token", out var query) && Matches(query.ToString(), expected))
            {
                // A browser's first visit: from now on the cookie, which other sites' pages cannot send.
                context.Response.Cookies.Append(CookieName, query.ToString(), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = "/",
                    IsEssential = true,
                });
                await next(context);
                return;
            }

            if (Check(request.Headers.Authorization.ToString(), expected) is not { } problem)
            {
                await next(context);
                return;
            }

            context.Response.Headers.WWWAuthenticate = "Bearer";
            await new ApiProblem(StatusCodes.Status401Unauthorized, "Unauthorized", problem).ExecuteAsync(context);
        });
    }

    private static bool Matches(string given, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expectedHash);

    /// <summary>Returns why <paramref name="authorization"/> is refused, or <see langword="null"/> when it carries the token.</summary>
    internal static string? Check(string authorization, byte[] expectedHash)
    {
        const string Scheme = "Bearer ";
        if (string.IsNullOrEmpty(authorization))
        {
            return "This server needs a bearer token: send the header 'Authorization: Bearer TOKEN'. bazaar submit sends it (from --token, " +
                "BAZAAR_API_TOKEN, or ~/.bazaar/serve.token for a server on this machine); the server printed where it keeps it.";
        }

        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "The Authorization header must be 'Bearer TOKEN'; this server takes no other scheme.";
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, expectedHash)
            ? null
            : "The bearer token is wrong. Use the token the server was started with (--token, BAZAAR_API_TOKEN, or the one in ~/.bazaar/serve.token).";
    }
}
