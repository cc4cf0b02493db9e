using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

/// <summary>The blob store, on Azurite, against the contract the in-memory store is held to.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobProductStoreContractTests(AzuriteFixture azurite) : ProductStoreContractTests
{
    protected override Parts CreateStore(Action<ProductStoreOptions>? configure = null) => Parts.Of(TestStores.Create(azurite, configure).Store);
}
