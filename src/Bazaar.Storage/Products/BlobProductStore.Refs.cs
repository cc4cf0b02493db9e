using System.Runtime.CompilerServices;
using Azure.Storage.Blobs.Models;

namespace Bazaar.Products;

/// <content>
/// A run's product refs: written once a product is stored, or linked to content already stored (cache hits, reruns);
/// each also in its blob's metadata (<see cref="ProductRefMetadata"/>), so a listing needs no reads.
/// </content>
internal sealed partial class BlobProductStore
{
    /// <inheritdoc/>
    public async Task WriteRefAsync(string runId, ProductRef product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        await this.UploadJsonAsync(BlobLayout.Product(runId, product.Name), product, cancellationToken, ProductRefMetadata.From(product)).ConfigureAwait(false);
        Logs.ProductStored(this.logger, product.Name, runId, product.Kind, product.Digest, product.Size);
    }

    /// <inheritdoc/>
    public async Task<ProductRef?> GetAsync(string runId, string name, CancellationToken cancellationToken) =>
        await this.DownloadJsonAsync<ProductRef>(BlobLayout.Product(runId, name), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<ProductRef> LinkAsync(string runId, ProductRef source, ProductProducer producer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var product = source with { Producer = producer, CreatedAt = this.timeProvider.GetUtcNow() };
        await this.UploadJsonAsync(BlobLayout.Product(runId, source.Name), product, cancellationToken, ProductRefMetadata.From(product)).ConfigureAwait(false);
        return product;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ProductRef> ListProductsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = BlobLayout.Products(runId);
        var listing = this.container.GetBlobsByHierarchyAsync(BlobTraits.Metadata, BlobStates.None, "/", prefix, cancellationToken);
        var items = listing.GetAsyncEnumerator(cancellationToken);
        await using var disposeItems = items.ConfigureAwait(false);
        while (await NextAsync(items).ConfigureAwait(false))
        {
            if (items.Current.Blob is not { } blob || !blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            // The listing carries each ref in its metadata; a ref written before that is read whole.
            var product = ProductRefMetadata.Read(blob.Name[prefix.Length..^".json".Length], blob.Metadata)
                ?? await this.DownloadJsonAsync<ProductRef>(blob.Name, cancellationToken).ConfigureAwait(false);
            if (product is not null)
            {
                yield return product;
            }
        }
    }
}
