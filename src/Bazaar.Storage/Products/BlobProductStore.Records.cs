using System.Runtime.CompilerServices;
using Azure.Storage.Blobs.Models;

namespace Bazaar.Products;

/// <content>Step records: each step's, listed at once from their metadata, and each shard's results.</content>
internal sealed partial class BlobProductStore
{
    /// <inheritdoc/>
    public Task WriteStepRecordAsync(string runId, StepResult record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return this.UploadJsonAsync(BlobLayout.StepRecord(runId, record.Step), record, cancellationToken, StepRecordMetadata.From(record));
    }

    /// <inheritdoc/>
    public Task<StepResult?> GetStepRecordAsync(string runId, string step, CancellationToken cancellationToken) =>
        this.DownloadJsonAsync<StepResult>(BlobLayout.StepRecord(runId, step), cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<StepResult> ListStepRecordsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = BlobLayout.StepRecords(runId);
        var listing = this.container.GetBlobsByHierarchyAsync(BlobTraits.Metadata, BlobStates.None, "/", prefix, cancellationToken);
        var items = listing.GetAsyncEnumerator(cancellationToken);
        await using var disposeItems = items.ConfigureAwait(false);
        while (await NextAsync(items).ConfigureAwait(false))
        {
            var blob = items.Current.Blob;
            if (blob is null || !blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var step = blob.Name[prefix.Length..^".json".Length];
            if (StepRecordMetadata.Read(step, blob.Metadata) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<string> WriteShardResultAsync(string runId, int shard, IReadOnlyList<StepResult> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var name = BlobLayout.ShardResult(runId, shard);
        await this.UploadJsonAsync(name, steps, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StepResult>?> GetShardResultAsync(string runId, int shard, CancellationToken cancellationToken) =>
        await this.DownloadJsonAsync<List<StepResult>>(BlobLayout.ShardResult(runId, shard), cancellationToken).ConfigureAwait(false);
}
