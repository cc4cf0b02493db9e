namespace Bazaar.Products;

/// <summary>
/// Product content by digest (<c>cas/sha256/&lt;hex&gt;</c>): written once, never overwritten, streamed
/// end to end and checked against its digest on the way out. What makes a run have a product is its
/// ref (<see cref="IProductRefs"/>); <see cref="ContentStoreExtensions.PutAsync"/> does both.
/// </summary>
public interface IContentStore
{
    /// <summary>
    /// Stores a file, a directory (as a reproducible tar) or, when <paramref name="localPath"/> is
    /// <see langword="null"/>, a marker with empty content, and returns the product's reference without
    /// writing it, so the caller can write it together with other records
    /// (<see cref="IProductRefs.WriteRefAsync"/>). Until the ref is written the run does not have the product.
    /// </summary>
    /// <param name="runId">The run the product belongs to.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="localPath">
    /// The file or directory to store, or <see langword="null"/> for a marker. It is not trusted: a symbolic
    /// link there, a FIFO, socket or device (there or inside the directory) is refused with
    /// <see cref="UnsafeOutputException"/>, and a directory's links must stay inside it.
    /// </param>
    /// <param name="producer">Who made it.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The product's reference, not written yet.</returns>
    Task<ProductRef> StageAsync(string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a product's content to <paramref name="targetPath"/>: the file itself, or the
    /// directory extracted safely; a marker becomes an empty file. Content that does not match its
    /// digest throws <see cref="ProductIntegrityException"/> and leaves nothing behind.
    /// </summary>
    /// <param name="product">The product.</param>
    /// <param name="targetPath">Where to put it; must not exist yet.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes when the content is in place.</returns>
    Task MaterializeAsync(ProductRef product, string targetPath, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a product's stored content for reading (a tar for a directory); reading it to the end
    /// checks it against the digest.
    /// </summary>
    /// <param name="product">The product.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>A stream of the content.</returns>
    Task<Stream> OpenReadAsync(ProductRef product, CancellationToken cancellationToken);

    /// <summary>Gets a value indicating whether content with this digest is stored.</summary>
    /// <param name="digest">The digest, <c>sha256:&lt;hex&gt;</c>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    Task<bool> ContentExistsAsync(string digest, CancellationToken cancellationToken);
}
