using System.Text;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

/// <summary>
/// What every product store promises, whatever keeps it: run against the blob store (on Azurite) and
/// the in-memory one, so unit tests on the in-memory store test what production does.
/// </summary>
public abstract class ProductStoreContractTests : IDisposable
{
    private readonly TempDirectory temp = new();

    /// <summary>Creates an empty store, as each of its interfaces.</summary>
    protected abstract Parts CreateStore(Action<ProductStoreOptions>? configure = null);

    public void Dispose()
    {
        this.temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task StageAsync_RefNotWrittenYet_RunHasTheProductOnlyOnceItIs()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        this.temp.Write("s.txt", "staged");

        var staged = await store.Content.StageAsync("run1", "s", this.temp["s.txt"], TestStores.Producer("run1"), ct);

        Assert.Equal(TestStores.Sha256Of(Encoding.UTF8.GetBytes("staged")), staged.Digest);
        Assert.True(await store.Content.ContentExistsAsync(staged.Digest, ct));
        Assert.Null(await store.Refs.GetAsync("run1", "s", ct));
        await store.Refs.WriteRefAsync("run1", staged, ct);
        Assert.Equal(staged, await store.Refs.GetAsync("run1", "s", ct));
    }

    [Fact]
    public async Task PutAsync_FileFolderAndMarker_MaterializeAsTheyWere()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        this.temp.Write("f.txt", "file");
        this.temp.Write("d/a.txt", "A");
        this.temp.Write("d/sub/b.txt", "B");

        var file = await store.Content.PutAsync(store.Refs, "run1", "f", this.temp["f.txt"], TestStores.Producer("run1"), ct);
        var dir = await store.Content.PutAsync(store.Refs, "run1", "d", this.temp["d"], TestStores.Producer("run1"), ct);
        var marker = await store.Content.PutAsync(store.Refs, "run1", "m", null, TestStores.Producer("run1"), ct);
        await store.Content.MaterializeAsync(file, this.temp["out/f"], ct);
        await store.Content.MaterializeAsync(dir, this.temp["out/d"], ct);
        await store.Content.MaterializeAsync(marker, this.temp["out/m"], ct);

        Assert.Equal((ProductKind.File, ProductKind.Directory, ProductKind.Marker), (file.Kind, dir.Kind, marker.Kind));
        Assert.Equal("file", await File.ReadAllTextAsync(this.temp["out/f"], ct));
        Assert.Equal("B", await File.ReadAllTextAsync(this.temp["out/d/sub/b.txt"], ct));
        Assert.Equal(0, new FileInfo(this.temp["out/m"]).Length);
        await Assert.ThrowsAsync<BazaarException>(() => store.Content.MaterializeAsync(file, this.temp["out/f"], ct));
    }

    [Fact]
    public async Task PutAsync_SameContentTwice_SameDigestAndContentReadsBack()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        this.temp.Write("one", "same");
        this.temp.Write("two", "same");

        var first = await store.Content.PutAsync(store.Refs, "run1", "a", this.temp["one"], TestStores.Producer("run1"), ct);
        var second = await store.Content.PutAsync(store.Refs, "run2", "b", this.temp["two"], TestStores.Producer("run2"), ct);

        Assert.Equal(first.Digest, second.Digest);
        await using var read = await store.Content.OpenReadAsync(second, ct);
        using var reader = new StreamReader(read);
        Assert.Equal("same", await reader.ReadToEndAsync(ct));
    }

    [Fact]
    public async Task StageAsync_LinkOrNothingAtThePath_IsRefusedWhilePutAsyncFollowsTheCallersLink()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        this.temp.Write("real.txt", "real");
        File.CreateSymbolicLink(this.temp["link.txt"], this.temp["real.txt"]);

        await Assert.ThrowsAsync<UnsafeOutputException>(() => store.Content.StageAsync("run1", "l", this.temp["link.txt"], TestStores.Producer("run1"), ct));
        var missing = await Assert.ThrowsAsync<BazaarException>(() => store.Content.StageAsync("run1", "gone", this.temp["nope"], TestStores.Producer("run1"), ct));
        var followed = await store.Content.PutAsync(store.Refs, "run1", "l", this.temp["link.txt"], TestStores.Producer("run1"), ct);

        Assert.Contains("'gone'", missing.Message, StringComparison.Ordinal);
        Assert.Equal(TestStores.Sha256Of(Encoding.UTF8.GetBytes("real")), followed.Digest);
    }

    [Theory]
    [InlineData("run1", "../steps")]
    [InlineData("..", "step")]
    [InlineData("run/1", "step")]
    public async Task Operations_HostileNames_ThrowBazaarException(string runId, string name)
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();

        await Assert.ThrowsAsync<BazaarException>(() => store.Content.StageAsync(runId, name, null, TestStores.Producer("run1"), ct));
        await Assert.ThrowsAsync<BazaarException>(() => store.Refs.GetAsync(runId, name, ct));
        await Assert.ThrowsAsync<BazaarException>(() => store.Records.WriteStepRecordAsync(runId, new StepResult { Step = name, State = StepState.Failed }, ct));
        await Assert.ThrowsAsync<BazaarException>(() => store.Records.GetStepRecordAsync(runId, name, ct));
        await Assert.ThrowsAsync<BazaarException>(() => store.Logs.OpenLogAsync(runId, name, 1, ct));
        Assert.Throws<BazaarException>(() => store.Logs.GetLogLocation(runId, name, 1));
    }

    [Fact]
    public async Task LinkAsync_ProductOfAnotherRun_NewRunHasItUnderItsNewProducerAndListsIt()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        var source = await store.Content.PutAsync(store.Refs, "run1", "b", null, TestStores.Producer("run1"), ct);
        await store.Content.PutAsync(store.Refs, "run1", "a", null, TestStores.Producer("run1"), ct);
        var producer = new ProductProducer("run2", "s", 1, "process");

        var linked = await store.Refs.LinkAsync("run2", source, producer, ct);

        Assert.Equal((source.Digest, producer), (linked.Digest, linked.Producer));
        Assert.Equal(linked, await store.Refs.GetAsync("run2", "b", ct));
        Assert.Equal(["b"], await Names(store.Refs.ListProductsAsync("run2", ct)));
        Assert.Equal(["a", "b"], await Names(store.Refs.ListProductsAsync("run1", ct)));
    }

    [Fact]
    public async Task ListProductsAsync_FileAndMarker_ListsEachRefWhole()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        this.temp.Write("f.txt", "file");
        var file = await store.Content.PutAsync(store.Refs, "run1", "f", this.temp["f.txt"], new ProductProducer("run1", "make", 2, "docker"), ct);
        var marker = await store.Content.PutAsync(store.Refs, "run1", "m", null, new ProductProducer("run1", null, 1, null), ct);

        var listed = new List<ProductRef>();
        await foreach (var product in store.Refs.ListProductsAsync("run1", ct))
        {
            listed.Add(product);
        }

        Assert.Equal([file, marker], listed.OrderBy(p => p.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task StepRecords_WrittenAndListed_ReadWholeOneByOneAndSummarisedInTheListing()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        var started = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var record = new StepResult { Step = "build", State = StepState.Failed, Remote = "process", Attempts = 2, StartedAt = started, ExitCode = 3, Error = "broke" };
        await store.Records.WriteStepRecordAsync("run1", record, ct);
        await store.Records.WriteStepRecordAsync("run2", new StepResult { Step = "other", State = StepState.Succeeded }, ct);

        var read = await store.Records.GetStepRecordAsync("run1", "build", ct);
        var listed = new List<StepResult>();
        await foreach (var item in store.Records.ListStepRecordsAsync("run1", ct))
        {
            listed.Add(item);
        }

        Assert.Equal(record.Error, read?.Error);
        Assert.Equal((StepState.Failed, 2, 3), (read!.State, read.Attempts, read.ExitCode));
        var summary = Assert.Single(listed);
        Assert.Equal(("build", StepState.Failed, "process", 2, started, 3), (summary.Step, summary.State, summary.Remote, summary.Attempts, summary.StartedAt!.Value, summary.ExitCode!.Value));
        Assert.Null(summary.Error);
        Assert.Null(await store.Records.GetStepRecordAsync("run1", "other", ct));
    }

    [Fact]
    public async Task ShardResults_Written_ReadBackOnlyForThatRunAndShard()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        IReadOnlyList<StepResult> steps = [new StepResult { Step = "a", State = StepState.Succeeded, ExitCode = 0 }];

        var name = await store.Records.WriteShardResultAsync("run1", 2, steps, ct);

        Assert.Equal("runs/run1/shards/2.json", name);
        Assert.Equal("a", Assert.Single((await store.Records.GetShardResultAsync("run1", 2, ct))!).Step);
        Assert.Null(await store.Records.GetShardResultAsync("run1", 3, ct));
        Assert.Null(await store.Records.GetShardResultAsync("run2", 2, ct));
    }

    [Fact]
    public async Task CancelRequest_Requested_ReadBackWithItsReasonForThatRunOnly()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        Assert.Null(await store.CancelRequests.GetCancelRequestAsync("run1", ct));

        await store.CancelRequests.RequestCancelAsync("run1", "no longer needed", ct);

        Assert.Equal("no longer needed", await store.CancelRequests.GetCancelRequestAsync("run1", ct));
        Assert.Null(await store.CancelRequests.GetCancelRequestAsync("run2", ct));
    }

    [Fact]
    public async Task CacheEntry_PutTwiceForOneKey_TheLaterIsRead()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        var key = TestStores.Sha256Of([1]);
        Assert.Null(await store.Cache.GetCacheEntryAsync(key, ct));
        var output = await store.Content.PutAsync(store.Refs, "run1", "out", null, TestStores.Producer("run1"), ct);

        await store.Cache.PutCacheEntryAsync(new CacheEntry { Key = key, RunId = "run1", Step = "s", Outputs = [output], CreatedAt = DateTimeOffset.UnixEpoch }, ct);
        await store.Cache.PutCacheEntryAsync(new CacheEntry { Key = key, RunId = "run2", Step = "s", Outputs = [output], CreatedAt = DateTimeOffset.UnixEpoch }, ct);

        var entry = await store.Cache.GetCacheEntryAsync(key, ct);
        Assert.Equal("run2", entry?.RunId);
        Assert.Equal(output, Assert.Single(entry!.Outputs));
    }

    [Fact]
    public async Task Logs_WrittenInTwoOpenings_AppendAndReadFromAnyOffset()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore();
        Assert.Null(await store.Logs.OpenLogReadAsync("run1", "s", 1, 0, ct));

        await using (var log = await store.Logs.OpenLogAsync("run1", "s", 1, ct))
        {
            await log.WriteLineAsync("first", ct);
        }

        await using (var again = await store.Logs.OpenLogAsync("run1", "s", 1, ct))
        {
            await again.WriteLineAsync("second", ct);
            Assert.Equal(["second"], again.Tail());
        }

        Assert.Equal("first\nsecond\n", await ReadAsync(store, 0, ct));
        Assert.Equal("second\n", await ReadAsync(store, "first\n".Length, ct));
        Assert.Equal(string.Empty, await ReadAsync(store, 100, ct));
        Assert.Null(await store.Logs.OpenLogReadAsync("run1", "s", 2, 0, ct));
        Assert.Equal("runs/run1/steps/s/1.log", store.Logs.GetLogLocation("run1", "s", 1));
    }

    [Fact]
    public async Task Logs_PastTheCap_OneLineSaysSoAndTheRestIsDropped()
    {
        var ct = TestTimeout.Token();
        var store = this.CreateStore(o => o.MaxLogBytes = 10);

        await using (var log = await store.Logs.OpenLogAsync("run1", "s", 1, ct))
        {
            await log.WriteLineAsync("12345", ct);
            await log.WriteLineAsync("67890", ct);
            await log.WriteLineAsync("more", ct);
            Assert.Equal(["12345", "67890", "more"], log.Tail());
        }

        Assert.Equal("12345\n[log truncated at 10 bytes]\n", await ReadAsync(store, 0, ct));
    }

    private static async Task<string> ReadAsync(Parts store, long offset, CancellationToken ct)
    {
        await using var stream = await store.Logs.OpenLogReadAsync("run1", "s", 1, offset, ct);
        using var reader = new StreamReader(stream!);
        return await reader.ReadToEndAsync(ct);
    }

    private static async Task<List<string>> Names(IAsyncEnumerable<ProductRef> products)
    {
        var names = new List<string>();
        await foreach (var product in products)
        {
            names.Add(product.Name);
        }

        return names;
    }

    /// <summary>A store under test, as each interface it serves.</summary>
    [Fact]
    public async Task CallbackLedger_SecondUse_IsRefusedUntilReleased()
    {
        var ct = TestTimeout.Token();
        var ledger = this.CreateStore().Ledger;
        var key = new string('a', 64);

        Assert.True(await ledger.TryUseAsync("run1", key, ct));
        Assert.False(await ledger.TryUseAsync("run1", key, ct));
        Assert.True(await ledger.TryUseAsync("run2", key, ct));
        await ledger.ReleaseAsync("run1", key, ct);
        Assert.True(await ledger.TryUseAsync("run1", key, ct));
    }

    [Fact]
    public async Task CallbackLedger_RacingUses_ExactlyOneWins()
    {
        var ct = TestTimeout.Token();
        var ledger = this.CreateStore().Ledger;
        var key = new string('b', 64);

        var won = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ledger.TryUseAsync("run1", key, ct), ct)));

        Assert.Single(won, w => w);
    }

    [Theory]
    [InlineData("run1", "../../cas/sha256/x")]
    [InlineData("run1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("..", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task CallbackLedger_KeyOrRunIdThatCouldReachOutside_IsRefused(string runId, string key) =>
        await Assert.ThrowsAsync<BazaarException>(() => this.CreateStore().Ledger.TryUseAsync(runId, key, TestTimeout.Token()));

    protected sealed record Parts(
        IContentStore Content, IProductRefs Refs, IStepRecords Records, ICancelRequests CancelRequests, IStepLogs Logs, IActionCache Cache, ICallbackLedger Ledger)
    {
        public static Parts Of<TStore>(TStore store)
            where TStore : IContentStore, IProductRefs, IStepRecords, ICancelRequests, IStepLogs, IActionCache, ICallbackLedger =>
            new(store, store, store, store, store, store, store);
    }
}
