using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Bazaar.Remotes;

namespace Bazaar.Products;

/// <content>Step logs, on append blobs.</content>
internal sealed partial class BlobProductStore
{
    /// <inheritdoc/>
    public async Task<IStepLog> OpenLogAsync(string runId, string step, int attempt, CancellationToken cancellationToken)
    {
        var blob = this.container.GetAppendBlobClient(BlobLayout.Log(runId, step, attempt));
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);

        // If the same attempt is opened again (an activity retried by the host) it appends to what is there.
        await blob.CreateIfNotExistsAsync(
            new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" } },
            cancellationToken).ConfigureAwait(false);
        return new BlobStepLog(blob, this.options.MaxLogBytes, this.options.LogFlushInterval, this.timeProvider, this.logger);
    }

    /// <inheritdoc/>
    public async Task<Stream?> OpenLogReadAsync(string runId, string step, int attempt, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = this.container.GetBlobClient(BlobLayout.Log(runId, step, attempt));
        try
        {
            var options = new BlobDownloadOptions { Range = offset == 0 ? default : new HttpRange(offset) };
            var download = await blob.DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            // Nothing past the offset yet: the log has not grown since it was last read.
            return Stream.Null;
        }
    }

    /// <inheritdoc/>
    public async Task<long?> GetLogLengthAsync(string runId, string step, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await this.container.GetBlobClient(BlobLayout.Log(runId, step, attempt)).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public string GetLogLocation(string runId, string step, int attempt) => BlobLayout.Log(runId, step, attempt);
}
