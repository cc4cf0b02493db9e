using System.Diagnostics;
using System.Security.Cryptography;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.Storage.Tests.Products;

/// <summary>
/// A 1 GiB product through the store, on its own Azurite and with nothing else running, so the
/// process-wide allocation count measures this test alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeProductCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Large products";
}

[Collection(LargeProductCollection.Name)]
public sealed class LargeProductStreamingTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const long OneGiB = 1L << 30;

    [Fact]
    public async Task PutAndMaterialize_OneGiBFile_StreamsWithoutHoldingItInMemory()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(180));
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        await using (var file = new FileStream(temp["big.bin"], FileMode.CreateNew))
        {
            file.SetLength(OneGiB); // sparse: zeros, created at once
            file.Position = OneGiB - 5;
            await file.WriteAsync("tail!"u8.ToArray(), ct);
        }

        string expected;
        await using (var file = System.IO.File.OpenRead(temp["big.bin"]))
        {
            expected = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var product = await store.PutAsync("run1", "big", temp["big.bin"], TestStores.Producer("run1"), ct);
        var put = clock.Elapsed;
        var allocatedByPut = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        clock.Restart();
        await store.MaterializeAsync(product, temp["copy.bin"], ct);
        var materialize = clock.Elapsed;
        var allocatedByMaterialize = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"put {put.TotalSeconds:F1} s, {allocatedByPut >> 20} MiB allocated; materialize {materialize.TotalSeconds:F1} s, {allocatedByMaterialize >> 20} MiB allocated");

        Assert.Equal(expected, product.Digest);
        Assert.Equal(OneGiB, product.Size);
        Assert.Equal(OneGiB, new FileInfo(temp["copy.bin"]).Length);
        Assert.True(allocatedByPut < 128L << 20, $"PutAsync allocated {allocatedByPut >> 20} MiB for a 1 GiB file");
        Assert.True(allocatedByMaterialize < 128L << 20, $"MaterializeAsync allocated {allocatedByMaterialize >> 20} MiB for a 1 GiB file");
    }
}
