using System.Collections.Concurrent;

namespace Bazaar.Products;

/// <content>The single-use ledger of call-home callbacks.</content>
internal sealed partial class InMemoryProductStore
{
    private readonly ConcurrentDictionary<string, byte> callbacks = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<bool> TryUseAsync(string runId, string key, CancellationToken cancellationToken) =>
        Task.FromResult(this.callbacks.TryAdd(BlobLayout.Callback(runId, key), 0));

    /// <inheritdoc/>
    public Task ReleaseAsync(string runId, string key, CancellationToken cancellationToken)
    {
        this.callbacks.TryRemove(BlobLayout.Callback(runId, key), out _);
        return Task.CompletedTask;
    }
}
