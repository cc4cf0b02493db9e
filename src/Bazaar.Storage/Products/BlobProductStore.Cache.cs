using System.Runtime.CompilerServices;
using Azure.Storage.Blobs.Models;

namespace Bazaar.Products;

/// <content>The action cache, and refs to content that is already stored (cache hits, reruns).</content>
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

    /// <inheritdoc/>
    public async Task<bool> ContentExistsAsync(string digest, CancellationToken cancellationToken) =>
        await this.container.GetBlobClient(BlobLayout.Content(digest)).ExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<ProductRef> LinkAsync(string runId, ProductRef source, ProductProducer producer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var product = source with { Producer = producer, CreatedAt = this.timeProvider.GetUtcNow() };
        await this.UploadJsonAsync(BlobLayout.Product(runId, source.Name), product, cancellationToken).ConfigureAwait(false);
        return product;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ProductRef> ListProductsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = BlobLayout.Products(runId);
        var listing = this.container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix, cancellationToken);
        var items = listing.GetAsyncEnumerator(cancellationToken);
        await using var disposeItems = items.ConfigureAwait(false);
        while (await NextAsync(items).ConfigureAwait(false))
        {
            if (items.Current.Blob is { } blob && blob.Name.EndsWith(".json", StringComparison.Ordinal)
                && await this.DownloadJsonAsync<ProductRef>(blob.Name, cancellationToken).ConfigureAwait(false) is { } product)
            {
                yield return product;
            }
        }
    }
}
