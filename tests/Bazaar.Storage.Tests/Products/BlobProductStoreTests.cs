using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

[Collection(AzuriteCollection.Name)]
[UnsupportedOSPlatform("windows")] // Unix modes and symbolic links are part of what is tested.
public sealed class BlobProductStoreTests(AzuriteFixture azurite)
{
    private const string EmptyDigest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public async Task PutAsync_File_MaterializesByteForByte()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        var bytes = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 17); // more than one upload block
        await File.WriteAllBytesAsync(temp["in.bin"], bytes, ct);

        var product = await store.PutAsync("run1", "bin", temp["in.bin"], TestStores.Producer("run1"), ct);
        await store.MaterializeAsync(product, temp["out/copy.bin"], ct);

        Assert.Equal(ProductKind.File, product.Kind);
        Assert.Equal(bytes.Length, product.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(temp["out/copy.bin"], ct));
    }

    [Fact]
    public async Task PutAsync_File_DigestIsSha256OfTheBytes()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("a.txt", "hello, bazaar\n");

        var product = await store.PutAsync("run1", "a", temp["a.txt"], TestStores.Producer("run1"), ct);

        Assert.Equal(TestStores.Sha256Of(File.ReadAllBytes(temp["a.txt"])), product.Digest);
        Assert.Equal([$"cas/sha256/{product.Digest["sha256:".Length..]}"], await TestStores.ListAsync(container, "cas/", ct));
    }

    [Fact]
    public async Task PutAsync_Directory_MaterializesTheSameTree()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("src/readme.md", "# readme");
        temp.Write("src/lib/a.cs", "class A {}");
        File.WriteAllBytes(temp["src/lib/empty.txt"], []);
        Directory.CreateDirectory(temp["src/empty-dir/nested"]);
        temp.Write("src/run.sh", "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(temp["src/run.sh"], (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(temp["src/link-to-a"], "lib/a.cs");

        var product = await store.PutAsync("run1", "tree", temp["src"], TestStores.Producer("run1"), ct);
        await store.MaterializeAsync(product, temp["out"], ct);

        Assert.Equal(ProductKind.Directory, product.Kind);
        Assert.Equal(TreeSnapshot.Of(temp["src"]), TreeSnapshot.Of(temp["out"]));
        Assert.Equal("class A {}", File.ReadAllText(temp["out/link-to-a"]));
    }

    [Fact]
    public async Task PutAsync_Directory_DigestIsSha256OfTheReproducibleTar()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("d/x.txt", "x");
        temp.Write("d/sub/y.txt", "y");
        using var tar = new MemoryStream();
        await ReproducibleTar.WriteAsync(temp["d"], tar, ct);

        var product = await store.PutAsync("run1", "d", temp["d"], TestStores.Producer("run1"), ct);
        using var stored = new MemoryStream();
        await using (var read = await store.OpenReadAsync(product, ct))
        {
            await read.CopyToAsync(stored, ct);
        }

        Assert.Equal(TestStores.Sha256Of(tar.ToArray()), product.Digest);
        Assert.Equal(tar.Length, product.Size);
        Assert.Equal(tar.ToArray(), stored.ToArray());
    }

    [Fact]
    public async Task PutAsync_Marker_StoresEmptyContentAndMaterializesAnEmptyFile()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();

        var product = await store.PutAsync("run1", "done", null, TestStores.Producer("run1"), ct);
        await store.MaterializeAsync(product, temp["done"], ct);

        Assert.Equal(ProductKind.Marker, product.Kind);
        Assert.Equal(EmptyDigest, product.Digest);
        Assert.Equal(0, product.Size);
        Assert.Empty(await File.ReadAllBytesAsync(temp["done"], ct));
        Assert.Contains($"cas/sha256/{EmptyDigest["sha256:".Length..]}", await TestStores.ListAsync(container, "cas/", ct));
    }

    [Fact]
    public async Task PutAsync_SameContentTwice_SameDigestAndOneContentBlob()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("one/f.txt", "same");
        temp.Write("two/f.txt", "same");
        File.SetLastWriteTimeUtc(temp["two/f.txt"], new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        var first = await store.PutAsync("run1", "a", temp["one"], TestStores.Producer("run1"), ct);
        var second = await store.PutAsync("run2", "b", temp["two"], TestStores.Producer("run2"), ct);
        var third = await store.PutAsync("run2", "c", temp["one"], TestStores.Producer("run2"), ct);

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.Digest, third.Digest);
        Assert.Single(await TestStores.ListAsync(container, "cas/", ct));
    }

    [Fact]
    public async Task PutAsync_ConcurrentPutsOfOneContent_AllSucceedWithOneBlob()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        await File.WriteAllBytesAsync(temp["f.bin"], RandomNumberGenerator.GetBytes(6 << 20), ct);

        var products = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            store.PutAsync("run1", $"p{i}", temp["f.bin"], TestStores.Producer("run1"), ct)));

        Assert.Single(products.Select(p => p.Digest).Distinct());
        Assert.Single(await TestStores.ListAsync(container, "cas/", ct));
    }

    [Fact]
    public async Task PutAsync_File_WritesTheProductRefAsCamelCaseJsonAtItsRunBlob()
    {
        var ct = TestTimeout.Token();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var (store, container) = TestStores.Create(azurite, timeProvider: time);
        using var temp = new TempDirectory();
        temp.Write("r.txt", "report");

        var product = await store.PutAsync("run-7", "report", temp["r.txt"], TestStores.Producer("run-7"), ct);
        var json = (await container.GetBlobClient("runs/run-7/products/report.json").DownloadContentAsync(ct)).Value.Content.ToString();
        using var doc = JsonDocument.Parse(json);

        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("report", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal(product.Digest, doc.RootElement.GetProperty("digest").GetString());
        Assert.Equal("File", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal("make", doc.RootElement.GetProperty("producer").GetProperty("step").GetString());
        Assert.Equal(time.GetUtcNow(), doc.RootElement.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(product, await store.GetAsync("run-7", "report", ct));
    }

    [Fact]
    public async Task BlockUpload_ContentDiffersFromTheExpectedDigest_CommitsNothing()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        await store.PutAsync("run1", "m", null, TestStores.Producer("run1"), ct); // creates the container
        var expected = TestStores.Sha256Of(new byte[5 << 20]);
        var blob = container.GetBlockBlobClient(BlobLayout.Content(expected));

        string uploaded;
        bool created;
        await using (var upload = new BlockUploadStream(blob, 5 << 20))
        {
            var changed = new byte[5 << 20];
            changed[^1] = 1;
            await upload.WriteAsync(changed, ct);
            (uploaded, created) = await upload.CommitAsync(expected, ct);
        }

        Assert.NotEqual(expected, uploaded);
        Assert.False(created);
        Assert.False(await blob.ExistsAsync(ct));
    }

    [Fact]
    public async Task PutAsync_DirectoryWithAFifo_IsRefusedWithoutHanging()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("d/a.txt", "a");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [temp["d/pipe"]]))
        {
            await mkfifo.WaitForExitAsync(ct);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // A FIFO is not content (issue 14): it used to be stored as an empty file; now the product is refused, naming it.
        var error = await Assert.ThrowsAsync<UnsafeOutputException>(() => store.PutAsync("run1", "d", temp["d"], TestStores.Producer("run1"), ct));

        Assert.Contains("'pipe' in the folder", error.Message);
        Assert.Contains("is a FIFO (named pipe)", error.Message);
    }

    [Fact]
    public async Task StageAsync_File_StoresTheContentButTheRunHasNoProductUntilWriteRefAsync()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("s.txt", "staged");

        var staged = await store.StageAsync("run1", "s", temp["s.txt"], TestStores.Producer("run1"), ct);

        Assert.Equal(TestStores.Sha256Of(File.ReadAllBytes(temp["s.txt"])), staged.Digest);
        Assert.Single(await TestStores.ListAsync(container, "cas/", ct));
        Assert.Null(await store.GetAsync("run1", "s", ct));

        await store.WriteRefAsync("run1", staged, ct);

        Assert.Equal(staged, await store.GetAsync("run1", "s", ct));
    }

    [Fact]
    public async Task StageAsync_HostileProductName_ThrowsBeforeUploadingAnything()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("s.txt", "staged");

        var error = await Assert.ThrowsAsync<BazaarException>(() => store.StageAsync("run1", "../s", temp["s.txt"], TestStores.Producer("run1"), ct));

        Assert.Contains("product name", error.Message);
        Assert.False(await container.ExistsAsync(ct));
    }

    [Fact]
    public async Task GetAsync_UnknownProduct_ReturnsNull()
    {
        var (store, _) = TestStores.Create(azurite);

        Assert.Null(await store.GetAsync("run1", "nothing", TestTimeout.Token()));
    }

    [Fact]
    public async Task WriteStepRecordAsync_Record_RoundTrips()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("o.txt", "out");
        var product = await store.PutAsync("run1", "o", temp["o.txt"], TestStores.Producer("run1"), ct);
        var record = new StepResult
        {
            Step = "compile",
            State = StepState.Failed,
            Remote = "process",
            Attempts = 2,
            StartedAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            EndedAt = new DateTimeOffset(2030, 1, 1, 0, 1, 0, TimeSpan.Zero),
            ExitCode = 3,
            Products = [product],
            Log = store.GetLogLocation("run1", "compile", 2),
            Error = "exit code 3",
        };

        await store.WriteStepRecordAsync("run1", record, ct);
        var read = await store.GetStepRecordAsync("run1", "compile", ct);

        Assert.NotNull(read);
        Assert.Equal(record with { Products = [] }, read with { Products = [] });
        Assert.Equal(record.Products, read.Products);
        Assert.Equal("runs/run1/steps/compile/2.log", record.Log);
        Assert.Contains("runs/run1/steps/compile.json", await TestStores.ListAsync(container, "runs/run1/steps/", ct));
        Assert.Null(await store.GetStepRecordAsync("run1", "other", ct));
    }

    [Fact]
    public async Task MaterializeAsync_TamperedContent_ThrowsNamingTheProductAndDigest()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("f.txt", "genuine content");
        temp.Write("d/f.txt", "genuine content");
        var file = await store.PutAsync("run1", "file", temp["f.txt"], TestStores.Producer("run1"), ct);
        var dir = await store.PutAsync("run1", "dir", temp["d"], TestStores.Producer("run1"), ct);
        await container.GetBlobClient(BlobLayout.Content(file.Digest)).UploadAsync(BinaryData.FromString("genuine c0ntent"), overwrite: true, ct);
        using (var tampered = new MemoryStream())
        {
            temp.Write("evil/f.txt", "genuine c0ntent");
            await ReproducibleTar.WriteAsync(temp["evil"], tampered, ct);
            tampered.Position = 0;
            await container.GetBlobClient(BlobLayout.Content(dir.Digest)).UploadAsync(tampered, overwrite: true, ct);
        }

        var fileError = await Assert.ThrowsAsync<ProductIntegrityException>(() => store.MaterializeAsync(file, temp["out-file"], ct));
        var dirError = await Assert.ThrowsAsync<ProductIntegrityException>(() => store.MaterializeAsync(dir, temp["out-dir"], ct));

        Assert.Contains("'file'", fileError.Message);
        Assert.Contains(file.Digest, fileError.Message);
        Assert.Contains("'dir'", dirError.Message);
        Assert.Contains(dir.Digest, dirError.Message);
        Assert.False(File.Exists(temp["out-file"]));
        Assert.False(Directory.Exists(temp["out-dir"]));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("name\n")]
    [InlineData("x0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task PutAsync_HostileProductName_ThrowsBazaarException(string name)
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);

        var error = await Assert.ThrowsAsync<BazaarException>(() => store.PutAsync("run1", name, null, TestStores.Producer("run1"), ct));

        Assert.Contains("product name", error.Message);
        Assert.False(await container.ExistsAsync(ct));
    }

    [Theory]
    [InlineData("run1", "../steps")]
    [InlineData("..", "step")]
    [InlineData("run/1", "step")]
    public async Task StepOperations_HostileNames_ThrowBazaarException(string runId, string step)
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);

        await Assert.ThrowsAsync<BazaarException>(() => store.WriteStepRecordAsync(runId, new StepResult { Step = step, State = StepState.Failed }, ct));
        await Assert.ThrowsAsync<BazaarException>(() => store.GetStepRecordAsync(runId, step, ct));
        await Assert.ThrowsAsync<BazaarException>(() => store.OpenLogAsync(runId, step, 1, ct));
        await Assert.ThrowsAsync<BazaarException>(() => store.GetAsync(runId, step, ct));
        Assert.Throws<BazaarException>(() => store.GetLogLocation(runId, step, 1));
    }

    [Fact]
    public async Task MaterializeAsync_ForgedDigest_ThrowsBazaarException()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        var forged = new ProductRef { Name = "p", Digest = "sha256:../../runs/x", Size = 1, Kind = ProductKind.File, Producer = TestStores.Producer("r"), CreatedAt = default };

        var error = await Assert.ThrowsAsync<BazaarException>(() => store.MaterializeAsync(forged, temp["out"], ct));

        Assert.Contains("sha256:<64 lowercase hex digits>", error.Message);
    }

    [Fact]
    public async Task PutAsync_MissingPath_ThrowsNamingTheProduct()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();

        var error = await Assert.ThrowsAsync<BazaarException>(() => store.PutAsync("run1", "gone", temp["nope"], TestStores.Producer("run1"), ct));

        Assert.Contains("'gone'", error.Message);
    }

    [Fact]
    public async Task MaterializeAsync_TargetExists_Throws()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("f.txt", "x");
        var product = await store.PutAsync("run1", "f", temp["f.txt"], TestStores.Producer("run1"), ct);

        await Assert.ThrowsAsync<BazaarException>(() => store.MaterializeAsync(product, temp["f.txt"], ct));
    }
}
