using System.Security.Cryptography;
using System.Text;
using Bazaar.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// <c>bazaar serve</c>'s one credential: with a token set, every request must carry
/// <c>Authorization: Bearer TOKEN</c>, or it is answered 401 as problem+json.
/// </summary>
internal static class BearerToken
{
    public static IApplicationBuilder UseBearerToken(this IApplicationBuilder app, string token)
    {
        // Compared as hashes, so the comparison takes the same time whatever the length or the first wrong byte.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use(async (context, next) =>
        {
            if (Check(context.Request.Headers.Authorization.ToString(), expected) is not { } problem)
            {
                await next(context);
                return;
            }

            context.Response.Headers.WWWAuthenticate = "Bearer";
            await new ApiProblem(StatusCodes.Status401Unauthorized, "Unauthorized", problem).ExecuteAsync(context);
        });
    }

    /// <summary>Returns why <paramref name="authorization"/> is refused, or <see langword="null"/> when it carries the token.</summary>
    internal static string? Check(string authorization, byte[] expectedHash)
    {
        const string Scheme = "Bearer ";
        if (string.IsNullOrEmpty(authorization))
        {
            return "This server needs a bearer token: send the header 'Authorization: Bearer TOKEN' (bazaar submit --token TOKEN).";
        }

        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "The Authorization header must be 'Bearer TOKEN'; this server takes no other scheme.";
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, expectedHash)
            ? null
            : "The bearer token is wrong. Use the token the server was started with (--token or BAZAAR_API_TOKEN).";
    }
}
