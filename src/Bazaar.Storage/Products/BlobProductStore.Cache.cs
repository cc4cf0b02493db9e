namespace Bazaar.Products;

/// <content>The action cache.</content>
internal sealed partial class BlobProductStore
{
    /// <inheritdoc/>
    public Task<CacheEntry?> GetCacheEntryAsync(string key, CancellationToken cancellationToken) =>
        this.DownloadJsonAsync<CacheEntry>(BlobLayout.CacheEntry(key), cancellationToken);

    /// <inheritdoc/>
    public Task PutCacheEntryAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return this.UploadJsonAsync(BlobLayout.CacheEntry(entry.Key), entry, cancellationToken);
    }
}
