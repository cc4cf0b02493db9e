using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

/// <summary>
/// How content goes up: small content in one put from the hashing pass, large content read again and
/// uploaded in blocks, several at once; either way stored once by digest and never overwritten.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobProductStoreContentTests(AzuriteFixture azurite)
{
    private const int Limit = BlobProductStore.SingleUploadLimit;

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(Limit)]
    public async Task PutAsync_FileUpToTheLimit_IsPutWholeWithItsDigest(int size)
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        var bytes = RandomNumberGenerator.GetBytes(size);
        await File.WriteAllBytesAsync(temp["f.bin"], bytes, ct);

        var product = await store.PutAsync("run1", "f", temp["f.bin"], TestStores.Producer("run1"), ct);
        var blob = container.GetBlockBlobClient(BlobLayout.Content(product.Digest));
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;

        Assert.Equal(TestStores.Sha256Of(bytes), product.Digest);
        Assert.Equal(size, product.Size);
        Assert.Equal(bytes, (await blob.DownloadContentAsync(ct)).Value.Content.ToArray());
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.True(blocks.CommittedBlocks.Count() <= 1, "content up to the limit goes up in one put, not in staged blocks");
    }

    [Fact]
    public async Task PutAsync_FileOverTheLimit_IsUploadedInBlocksWithItsDigest()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        var bytes = RandomNumberGenerator.GetBytes(Limit + 1);
        await File.WriteAllBytesAsync(temp["f.bin"], bytes, ct);

        var product = await store.PutAsync("run1", "f", temp["f.bin"], TestStores.Producer("run1"), ct);
        var blob = container.GetBlockBlobClient(BlobLayout.Content(product.Digest));
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed, cancellationToken: ct)).Value;

        Assert.Equal(TestStores.Sha256Of(bytes), product.Digest);
        Assert.Equal(bytes, (await blob.DownloadContentAsync(ct)).Value.Content.ToArray());
        Assert.Equal(3, blocks.CommittedBlocks.Count()); // 4 MiB, 4 MiB, 1 byte
    }

    [Fact]
    public async Task PutAsync_DirectoryWhoseTarOutgrowsTheLimit_IsUploadedInBlocksWithTheTarsDigest()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("d/small.txt", "small");
        Directory.CreateDirectory(temp["d/sub"]);
        await File.WriteAllBytesAsync(temp["d/sub/big.bin"], RandomNumberGenerator.GetBytes(Limit), ct);
        using var tar = new MemoryStream();
        await ReproducibleTar.WriteAsync(temp["d"], tar, ct);

        var product = await store.PutAsync("run1", "d", temp["d"], TestStores.Producer("run1"), ct);
        await store.MaterializeAsync(product, temp["out"], ct);

        Assert.True(tar.Length > Limit);
        Assert.Equal(TestStores.Sha256Of(tar.ToArray()), product.Digest);
        Assert.Equal(TreeSnapshot.Of(temp["d"]), TreeSnapshot.Of(temp["out"]));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(Limit + 1)]
    public async Task PutAsync_ContentAlreadyStored_LeavesTheStoredBlobUntouched(int size)
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        var bytes = RandomNumberGenerator.GetBytes(size);
        await File.WriteAllBytesAsync(temp["a.bin"], bytes, ct);
        await File.WriteAllBytesAsync(temp["b.bin"], bytes, ct);
        var first = await store.PutAsync("run1", "a", temp["a.bin"], TestStores.Producer("run1"), ct);
        var blob = container.GetBlockBlobClient(BlobLayout.Content(first.Digest));
        var stored = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;

        var second = await store.PutAsync("run2", "b", temp["b.bin"], TestStores.Producer("run2"), ct);
        var after = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: ct)).Value;

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(stored.ETag, after.ETag);
        Assert.Equal(stored.LastModified, after.LastModified);
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.Single(await TestStores.ListAsync(container, "cas/", ct));
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(Limit + 1)]
    public async Task PutAsync_Cancelled_ThrowsAndStoresNoContent(int size)
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        await File.WriteAllBytesAsync(temp["f.bin"], RandomNumberGenerator.GetBytes(size), ct);
        await store.PutAsync("run1", "m", null, TestStores.Producer("run1"), ct); // creates the container
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("run1", "f", temp["f.bin"], TestStores.Producer("run1"), cancel.Token));

        Assert.Single(await TestStores.ListAsync(container, "cas/", ct)); // the marker's empty content only
        Assert.Null(await store.GetAsync("run1", "f", ct));
    }

    [Fact]
    public async Task BlockUpload_MoreBlocksThanUploadAtOnce_CommitsThemInOrder()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        var (store, container) = TestStores.Create(azurite);
        await store.PutAsync("run1", "m", null, TestStores.Producer("run1"), ct); // creates the container
        var bytes = RandomNumberGenerator.GetBytes(((BlockUploadStream.MaxBlocksInFlight + 2) * (4 << 20)) + 5);
        var digest = TestStores.Sha256Of(bytes);
        var blob = container.GetBlockBlobClient(BlobLayout.Content(digest));

        string uploaded;
        bool created;
        await using (var upload = new BlockUploadStream(blob, bytes.Length))
        {
            // Writes that straddle block boundaries.
            for (var offset = 0; offset < bytes.Length; offset += 3 << 20)
            {
                await upload.WriteAsync(bytes.AsMemory(offset, Math.Min(3 << 20, bytes.Length - offset)), ct);
            }

            (uploaded, created) = await upload.CommitAsync(digest, ct);
        }

        Assert.Equal(digest, uploaded);
        Assert.True(created);
        Assert.Equal(bytes, (await blob.DownloadContentAsync(ct)).Value.Content.ToArray());
    }

    [Fact]
    public async Task BlockUpload_StagingFails_CommitThrowsAndDisposeDoesNot()
    {
        var ct = TestTimeout.Token();
        var (_, container) = TestStores.Create(azurite); // its container is never created, so staging a block fails
        var bytes = RandomNumberGenerator.GetBytes((3 * (4 << 20)) + 1);
        var blob = container.GetBlockBlobClient(BlobLayout.Content(TestStores.Sha256Of(bytes)));
        var upload = new BlockUploadStream(blob, bytes.Length);

        await upload.WriteAsync(bytes, ct);
        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => upload.CommitAsync(TestStores.Sha256Of(bytes), ct));
        await upload.DisposeAsync();

        Assert.Equal(404, error.Status);
    }
}
