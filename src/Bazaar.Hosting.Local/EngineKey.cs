using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Hosting;

/// <summary>
/// The local engine's gRPC endpoint listens on a loopback port, which every user and every container
/// with host networking on the machine can reach. A random key made per process, sent by the host's
/// own worker and client on every call and checked in constant time, keeps their work out of it.
/// </summary>
internal sealed class EngineKey
{
    /// <summary>The header the key travels in.</summary>
    public const string Header = "x-bazaar-engine-key";

    private readonly byte[] hash;

    public EngineKey()
    {
        this.Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        this.hash = SHA256.HashData(Encoding.UTF8.GetBytes(this.Value));
    }

    /// <summary>Gets the key; it never leaves this process.</summary>
    public string Value { get; }

    /// <summary>Refuses every request to the engine that does not carry the key (401, before any gRPC method runs).</summary>
    public void Require(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var given = context.Request.Headers[Header].ToString();
        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), this.hash))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    });

    /// <summary>Creates the handler the host's gRPC channel sends the key through.</summary>
    public HttpMessageHandler CreateHandler() => new Sender(this.Value) { InnerHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } };

    private sealed class Sender(string key) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(Header, key);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
