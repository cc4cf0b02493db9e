using Bazaar.Files;

namespace Bazaar.Products;

/// <summary>Storing a product in one call: its content by digest, then its ref.</summary>
public static class ContentStoreExtensions
{
    /// <summary>
    /// Stores a file, a directory (as a reproducible tar) or, when <paramref name="localPath"/> is
    /// <see langword="null"/>, a marker with empty content, and records it as a product of the run: a
    /// graph's input, supplied when the run is submitted. A symbolic link at <paramref name="localPath"/>
    /// is followed, once: an input is the caller's own choice of file (what a step leaves behind is not
    /// trusted, and <see cref="IContentStore.StageAsync"/> refuses its links).
    /// </summary>
    /// <param name="content">Where the content goes.</param>
    /// <param name="refs">Where the run's ref goes.</param>
    /// <param name="runId">The run the product belongs to.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="localPath">The file or directory to store, or <see langword="null"/> for a marker.</param>
    /// <param name="producer">Who made it.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The product's reference, written.</returns>
    public static async Task<ProductRef> PutAsync(
        this IContentStore content, IProductRefs refs, string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(refs);
        if (localPath is not null && SafeFiles.KindOf(localPath) == FileKind.SymbolicLink)
        {
            localPath = File.ResolveLinkTarget(localPath, returnFinalTarget: true)?.FullName ?? localPath;
        }

        var product = await content.StageAsync(runId, name, localPath, producer, cancellationToken).ConfigureAwait(false);
        await refs.WriteRefAsync(runId, product, cancellationToken).ConfigureAwait(false);
        return product;
    }
}
