namespace Bazaar.Products;

/// <content>A run's cancel request.</content>
internal sealed partial class BlobProductStore
{
    /// <inheritdoc/>
    public Task RequestCancelAsync(string runId, string reason, CancellationToken cancellationToken) =>
        this.UploadJsonAsync(BlobLayout.CancelRequest(runId), new CancelRequest(reason, this.timeProvider.GetUtcNow()), cancellationToken);

    /// <inheritdoc/>
    public async Task<string?> GetCancelRequestAsync(string runId, CancellationToken cancellationToken) =>
        (await this.DownloadJsonAsync<CancelRequest>(BlobLayout.CancelRequest(runId), cancellationToken).ConfigureAwait(false))?.Reason;

    private sealed record CancelRequest(string Reason, DateTimeOffset RequestedAt);
}
