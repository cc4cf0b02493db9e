using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

[Collection(AzuriteCollection.Name)]
public sealed class BlobProductStoreRunTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListStepRecordsAsync_RecordsWithLogs_GivesEachStepsSummaryOnce()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var started = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        await store.WriteStepRecordAsync("run1", new StepResult { Step = "build", State = StepState.Running, Remote = "process", Attempts = 2, StartedAt = started }, ct);
        await store.WriteStepRecordAsync(
            "run1",
            new StepResult { Step = "test", State = StepState.Failed, Remote = "process", Attempts = 1, StartedAt = started, EndedAt = started.AddSeconds(3), ExitCode = 7, Error = "boom" },
            ct);
        await using (var log = await store.OpenLogAsync("run1", "build", 2, ct))
        {
            await log.WriteLineAsync("a log is not a record", ct);
        }

        await store.WriteStepRecordAsync("run2", new StepResult { Step = "other", State = StepState.Succeeded }, ct);

        var records = new List<StepResult>();
        await foreach (var record in store.ListStepRecordsAsync("run1", ct))
        {
            records.Add(record);
        }

        Assert.Equal(["build", "test"], records.Select(r => r.Step));
        Assert.Equal(new StepResult { Step = "build", State = StepState.Running, Remote = "process", Attempts = 2, StartedAt = started }, records[0]);
        Assert.Equal(
            new StepResult { Step = "test", State = StepState.Failed, Remote = "process", Attempts = 1, StartedAt = started, EndedAt = started.AddSeconds(3), ExitCode = 7 },
            records[1] with { Products = records[0].Products });
    }

    [Fact]
    public async Task GetShardResultAsync_WrittenAndNotWritten_IsTheStepsThenNull()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        IReadOnlyList<StepResult> steps =
        [
            new StepResult { Step = "a", State = StepState.Succeeded, Remote = "process", ExitCode = 0, Attempts = 1, Products = [] },
            new StepResult { Step = "b", State = StepState.Skipped, Error = "not run: the run was cancelled (stop)", Products = [] },
        ];

        var written = await store.WriteShardResultAsync("run1", 2, steps, ct);

        Assert.Equal("runs/run1/shards/2.json", written);
        var read = await store.GetShardResultAsync("run1", 2, ct);
        Assert.Equal(steps, read!.Select(r => r with { Products = [] }));
        Assert.Null(await store.GetShardResultAsync("run1", 3, ct));
        Assert.Null(await store.GetShardResultAsync("run2", 2, ct));
    }

    [Fact]
    public async Task ListStepRecordsAsync_ContainerNotCreatedYet_IsEmpty()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);

        await foreach (var record in store.ListStepRecordsAsync("run1", ct))
        {
            Assert.Fail($"unexpected record {record}");
        }
    }

    [Fact]
    public async Task GetCancelRequestAsync_BeforeAndAfterRequest_IsNullThenTheReason()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);

        Assert.Null(await store.GetCancelRequestAsync("run1", ct));
        await store.RequestCancelAsync("run1", "no longer needed", ct);

        Assert.Equal("no longer needed", await store.GetCancelRequestAsync("run1", ct));
        Assert.Null(await store.GetCancelRequestAsync("run2", ct));
    }
}
