using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

/// <summary>The blob store, on Azurite, against the contract the in-memory store is held to.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobProductStoreContractTests(AzuriteFixture azurite) : ProductStoreContractTests
{
    // As the store writes its JSON.
    private static readonly JsonSerializerOptions StoreJson = new(JsonSerializerDefaults.Web);

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

    [Fact]
    public async Task ListProductsAsync_RefWrittenWithoutMetadata_IsReadFromItsContent()
    {
        // Refs stored before the listing read them from metadata have none: they are still listed.
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        var old = new ProductRef { Name = "old", Digest = TestStores.Sha256Of([]), Size = 0, Kind = ProductKind.Marker, Producer = TestStores.Producer("run1"), CreatedAt = DateTimeOffset.UnixEpoch };
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        await container.GetBlobClient("runs/run1/products/old.json").UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(old, StoreJson)), ct);

        var listed = new List<ProductRef>();
        await foreach (var product in store.ListProductsAsync("run1", ct))
        {
            listed.Add(product);
        }

        Assert.Equal([old], listed);
    }
}
