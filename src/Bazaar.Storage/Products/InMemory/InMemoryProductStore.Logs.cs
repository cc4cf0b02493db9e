using System.Collections.Concurrent;
using Bazaar.Remotes;

namespace Bazaar.Products;

/// <content>Step logs: appended line by line, read from an offset while they grow.</content>
internal sealed partial class InMemoryProductStore
{
    private readonly ConcurrentDictionary<string, InMemoryStepLog.Content> logs = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<IStepLog> OpenLogAsync(string runId, string step, int attempt, CancellationToken cancellationToken)
    {
        // The same attempt opened again (an activity retried by the host) appends to what is there.
        var log = this.logs.GetOrAdd(BlobLayout.Log(runId, step, attempt), static _ => new InMemoryStepLog.Content());
        return Task.FromResult<IStepLog>(new InMemoryStepLog(log, this.options.MaxLogBytes));
    }

    /// <inheritdoc/>
    public Task<Stream?> OpenLogReadAsync(string runId, string step, int attempt, long offset, CancellationToken cancellationToken)
    {
        var name = BlobLayout.Log(runId, step, attempt);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return Task.FromResult(this.logs.TryGetValue(name, out var log) ? log.ReadFrom(offset) : null);
    }

    /// <inheritdoc/>
    public Task<long?> GetLogLengthAsync(string runId, string step, int attempt, CancellationToken cancellationToken) =>
        Task.FromResult(this.logs.TryGetValue(BlobLayout.Log(runId, step, attempt), out var log) ? log.Length : (long?)null);

    /// <inheritdoc/>
    public string GetLogLocation(string runId, string step, int attempt) => BlobLayout.Log(runId, step, attempt);
}
