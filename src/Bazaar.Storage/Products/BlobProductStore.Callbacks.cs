using Azure;
using Azure.Storage.Blobs.Models;

namespace Bazaar.Products;

/// <content>The single-use ledger of call-home callbacks.</content>
internal sealed partial class BlobProductStore
{
    /// <inheritdoc/>
    public async Task<bool> TryUseAsync(string runId, string key, CancellationToken cancellationToken)
    {
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var entry = BinaryData.FromObjectAsJson(new CallbackUse(this.timeProvider.GetUtcNow()), Json);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },

            // Created only where none exists: of two racing calls, on any hosts, storage lets one through.
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await this.container.GetBlobClient(BlobLayout.Callback(runId, key)).UploadAsync(entry, upload, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task ReleaseAsync(string runId, string key, CancellationToken cancellationToken) =>
        await this.container.GetBlobClient(BlobLayout.Callback(runId, key)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    private sealed record CallbackUse(DateTimeOffset UsedAt);
}
