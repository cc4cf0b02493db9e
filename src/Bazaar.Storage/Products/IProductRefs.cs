namespace Bazaar.Products;

/// <summary>
/// The products a run has: one ref each, <c>runs/&lt;runId&gt;/products/&lt;name&gt;.json</c>, naming
/// content stored by digest (<see cref="IContentStore"/>). A run has a product once its ref is written.
/// </summary>
public interface IProductRefs
{
    /// <summary>Gets a product of a run, or <see langword="null"/> when the run has none by that name.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The reference, or <see langword="null"/>.</returns>
    Task<ProductRef?> GetAsync(string runId, string name, CancellationToken cancellationToken);

    /// <summary>Lists every product a run has.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The products' refs.</returns>
    IAsyncEnumerable<ProductRef> ListProductsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Writes the reference of a product staged with <see cref="IContentStore.StageAsync"/>: from now on the run has it.</summary>
    /// <param name="runId">The run the product belongs to.</param>
    /// <param name="product">The reference <see cref="IContentStore.StageAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the run has the product.</returns>
    Task WriteRefAsync(string runId, ProductRef product, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a product exist in a run by referring to content already stored (a cache hit, a rerun
    /// reusing an earlier run's products): only a new ref is written.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="source">The stored product, under its name.</param>
    /// <param name="producer">Who makes it exist in this run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new ref.</returns>
    Task<ProductRef> LinkAsync(string runId, ProductRef source, ProductProducer producer, CancellationToken cancellationToken);
}
