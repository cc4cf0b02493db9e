using Bazaar.Products;

namespace Bazaar.Storage.Tests.Products;

/// <summary>The in-memory store keeps the contract the blob store keeps.</summary>
public sealed class InMemoryProductStoreTests : ProductStoreContractTests
{
    protected override Parts CreateStore(Action<ProductStoreOptions>? configure = null)
    {
        var options = new ProductStoreOptions();
        configure?.Invoke(options);
        return Parts.Of(new InMemoryProductStore(TimeProvider.System, options));
    }
}
