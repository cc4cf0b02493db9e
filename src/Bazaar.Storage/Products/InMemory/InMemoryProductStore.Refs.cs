namespace Bazaar.Products;

/// <content>A run's product refs.</content>
internal sealed partial class InMemoryProductStore
{
    /// <inheritdoc/>
    public Task<ProductRef?> GetAsync(string runId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(this.Read<ProductRef>(BlobLayout.Product(runId, name)));

    /// <inheritdoc/>
    public IAsyncEnumerable<ProductRef> ListProductsAsync(string runId, CancellationToken cancellationToken) =>
        this.List(BlobLayout.Products(runId)).Select(d => d.Json.ToObjectFromJson<ProductRef>(Json)!).ToAsyncEnumerable();

    /// <inheritdoc/>
    public Task WriteRefAsync(string runId, ProductRef product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        this.Write(BlobLayout.Product(runId, product.Name), product);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<ProductRef> LinkAsync(string runId, ProductRef source, ProductProducer producer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var product = source with { Producer = producer, CreatedAt = this.timeProvider.GetUtcNow() };
        this.Write(BlobLayout.Product(runId, source.Name), product);
        return Task.FromResult(product);
    }
}
