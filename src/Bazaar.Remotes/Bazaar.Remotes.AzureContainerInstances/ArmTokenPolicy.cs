using Azure.Core;
using Azure.Core.Pipeline;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// Signs each ARM request with a bearer token from the host's credential, kept until five minutes before it
/// expires. Azure.Core's own BearerTokenAuthenticationPolicy refuses plain http, which the loopback stand-in
/// for ARM in tests speaks; <see cref="ArmClient"/> allows http for loopback only, so a token never crosses a
/// network in the clear.
/// </summary>
/// <param name="credential">The credential.</param>
/// <param name="scope">The scope asked for, <c>https://management.azure.com/.default</c>.</param>
/// <param name="clock">The clock expiry is judged by.</param>
internal sealed class ArmTokenPolicy(TokenCredential credential, string scope, TimeProvider clock) : HttpPipelinePolicy, IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private AccessToken? cached;

    /// <inheritdoc/>
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var token = await this.GetTokenAsync(message.CancellationToken).ConfigureAwait(false);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The azure-container-instances remote calls ARM asynchronously only.");

    /// <inheritdoc/>
    public void Dispose() => this.gate.Dispose();

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (this.Fresh() is { } fresh)
        {
            return fresh;
        }

        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.Fresh() is { } again)
            {
                return again;
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
            this.cached = token;
            return token.Token;
        }
        finally
        {
            this.gate.Release();
        }
    }

    private string? Fresh() =>
        this.cached is { } token && token.ExpiresOn - RefreshMargin > clock.GetUtcNow() ? token.Token : null;
}
