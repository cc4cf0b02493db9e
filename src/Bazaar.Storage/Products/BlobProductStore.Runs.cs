using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;
using Bazaar.Graphs;

namespace Bazaar.Products;

/// <summary>What the store knows about a run as a whole: its step records listed at once, and its cancel request.</summary>
internal sealed partial class BlobProductStore
{
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
    public Task RequestCancelAsync(string runId, string reason, CancellationToken cancellationToken) =>
        this.UploadJsonAsync(BlobLayout.CancelRequest(runId), new CancelRequest(reason, this.timeProvider.GetUtcNow()), cancellationToken);

    /// <inheritdoc/>
    public async Task<string?> GetCancelRequestAsync(string runId, CancellationToken cancellationToken) =>
        (await this.DownloadJsonAsync<CancelRequest>(BlobLayout.CancelRequest(runId), cancellationToken).ConfigureAwait(false))?.Reason;

    // A run with no container yet has no records: the listing's 404 means "none", not an error.
    private static async Task<bool> NextAsync(IAsyncEnumerator<BlobHierarchyItem> items)
    {
        try
        {
            return await items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private sealed record CancelRequest(string Reason, DateTimeOffset RequestedAt);
}
