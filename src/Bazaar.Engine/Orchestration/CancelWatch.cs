using Bazaar.Products;

namespace Bazaar.Orchestration;

/// <summary>
/// Watches a run's cancel request while one of its steps runs, and cancels <see cref="Token"/>
/// when it appears. The request lives in blob storage, so a step learns of it whichever host
/// (a second <c>bazaar serve</c>, a Function App instance) runs it.
/// </summary>
internal sealed class CancelWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource source;
    private readonly Task watching;

    public CancelWatch(ICancelRequests requests, string runId, TimeSpan interval, TimeProvider clock, CancellationToken stopping)
    {
        this.source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        this.watching = this.WatchAsync(requests, runId, interval, clock);
    }

    /// <summary>Gets the token that is cancelled when the run is cancelled or the host stops.</summary>
    public CancellationToken Token => this.source.Token;

    /// <summary>Gets why the run was cancelled, once it was.</summary>
    public string? Reason { get; private set; }

    public async ValueTask DisposeAsync()
    {
        if (!this.source.IsCancellationRequested)
        {
            await this.source.CancelAsync().ConfigureAwait(false);
        }

        // The loop ends at its next await and never throws. Awaited, not waited on: a blocked
        // thread-pool thread cost every step a scheduling slot on a busy host (issue 9).
        await this.watching.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        this.source.Dispose();
    }

    private async Task WatchAsync(ICancelRequests requests, string runId, TimeSpan interval, TimeProvider clock)
    {
        var token = this.source.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, token).ConfigureAwait(false);
                if (await requests.GetCancelRequestAsync(runId, token).ConfigureAwait(false) is { } reason)
                {
                    this.Reason = reason;
                    await this.source.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is BazaarException or Azure.RequestFailedException or IOException or HttpRequestException)
            {
                // A storage hiccup must not stop the step; the next poll tries again.
            }
        }
    }
}
