using System.Collections.Concurrent;
using Bazaar.Products;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>A run's refs that counts how often each product's ref is read, over the in-memory store.</summary>
internal sealed class CountingProductRefs(IProductRefs inner) : IProductRefs
{
    private readonly ConcurrentDictionary<(string RunId, string Name), int> reads = new();

    /// <summary>Gets how many times the ref of a product was read.</summary>
    public int ReadsOf(string runId, string name) => this.reads.GetValueOrDefault((runId, name));

    public Task<ProductRef?> GetAsync(string runId, string name, CancellationToken cancellationToken)
    {
        this.reads.AddOrUpdate((runId, name), 1, (_, n) => n + 1);
        return inner.GetAsync(runId, name, cancellationToken);
    }

    public IAsyncEnumerable<ProductRef> ListProductsAsync(string runId, CancellationToken cancellationToken) => inner.ListProductsAsync(runId, cancellationToken);

    public Task WriteRefAsync(string runId, ProductRef product, CancellationToken cancellationToken) => inner.WriteRefAsync(runId, product, cancellationToken);

    public Task<ProductRef> LinkAsync(string runId, ProductRef source, ProductProducer producer, CancellationToken cancellationToken) =>
        inner.LinkAsync(runId, source, producer, cancellationToken);
}
