namespace Bazaar.Products;

/// <content>Step records, shard results, cancel requests and the action cache: small JSON documents.</content>
internal sealed partial class InMemoryProductStore
{
    /// <inheritdoc/>
    public Task WriteStepRecordAsync(string runId, StepResult record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        this.Write(BlobLayout.StepRecord(runId, record.Step), record);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<StepResult?> GetStepRecordAsync(string runId, string step, CancellationToken cancellationToken) =>
        Task.FromResult(this.Read<StepResult>(BlobLayout.StepRecord(runId, step)));

    /// <inheritdoc/>
    public IAsyncEnumerable<StepResult> ListStepRecordsAsync(string runId, CancellationToken cancellationToken)
    {
        // Only what the blob store's listing gives (its records' metadata): not the error, not the products.
        var prefix = BlobLayout.StepRecords(runId);
        return this.List(prefix)
            .Select(d => StepRecordMetadata.Read(d.Name[prefix.Length..^".json".Length], StepRecordMetadata.From(d.Json.ToObjectFromJson<StepResult>(Json)!))!)
            .ToAsyncEnumerable();
    }

    /// <inheritdoc/>
    public Task<string> WriteShardResultAsync(string runId, int shard, IReadOnlyList<StepResult> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var name = BlobLayout.ShardResult(runId, shard);
        this.Write(name, steps);
        return Task.FromResult(name);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StepResult>?> GetShardResultAsync(string runId, int shard, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StepResult>?>(this.Read<List<StepResult>>(BlobLayout.ShardResult(runId, shard)));

    /// <inheritdoc/>
    public Task RequestCancelAsync(string runId, string reason, CancellationToken cancellationToken)
    {
        this.Write(BlobLayout.CancelRequest(runId), new CancelRequest(reason, this.timeProvider.GetUtcNow()));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<string?> GetCancelRequestAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult(this.Read<CancelRequest>(BlobLayout.CancelRequest(runId))?.Reason);

    /// <inheritdoc/>
    public Task<CacheEntry?> GetCacheEntryAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(this.Read<CacheEntry>(BlobLayout.CacheEntry(key)));

    /// <inheritdoc/>
    public Task PutCacheEntryAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        this.Write(BlobLayout.CacheEntry(entry.Key), entry);
        return Task.CompletedTask;
    }

    private sealed record CancelRequest(string Reason, DateTimeOffset RequestedAt);
}
