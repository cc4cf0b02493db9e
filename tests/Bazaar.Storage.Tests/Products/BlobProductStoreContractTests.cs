using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

/// <summary>The blob store, on Azurite, against the contract the in-memory store is held to.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobProductStoreContractTests(AzuriteFixture azurite) : ProductStoreContractTests
{
    protected override Parts CreateStore(Action<ProductStoreOptions>? configure = null) => Parts.Of(TestStores.Create(azurite, configure).Store);

    [Fact]
    public async Task CallbackLedger_TwoHostsOnOneContainer_ReplayOnTheOtherIsRefused()
    {
        var ct = TestTimeout.Token();
        var (first, container) = TestStores.Create(azurite);
        var (second, _) = TestStores.Create(azurite, o => o.ContainerName = container.Name);
        var key = new string('c', 64);

        Assert.True(await first.TryUseAsync("run1", key, ct));
        Assert.False(await second.TryUseAsync("run1", key, ct));
        Assert.Equal([$"runs/run1/callbacks/{key}"], await TestStores.ListAsync(container, "runs/run1/callbacks/", ct));
    }
}
