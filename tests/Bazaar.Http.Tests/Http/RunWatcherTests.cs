using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Client;
using StepLines = Bazaar.Testing.Graphs;

namespace Bazaar.Http.Tests.Http;

/// <summary>What a watcher keeps for listeners that come back: the batches they missed while it has them, else a snapshot.</summary>
public sealed class RunWatcherTests
{
    private static readonly GraphDefinition Graph = StepLines.Parse("a: -> p", "b: p -> q");

    [Fact]
    public void After_ListenerWithinTheHistory_GetsExactlyTheBatchesItMissed()
    {
        var watcher = new RunWatcher("r");
        watcher.Apply(Snapshot(StepState.Running, 1));
        watcher.Apply(Snapshot(StepState.Failed, 1));
        watcher.Apply(Snapshot(StepState.Failed, 2));

        var missed = watcher.After(watcher.EventId(1));

        Assert.NotNull(missed);
        Assert.Equal([2L], missed.Select(b => b.Seq));
        var step = JsonDocument.Parse(missed[0].Json).RootElement.GetProperty("steps")[0];
        Assert.Equal(2, step[2].GetInt32()); // attempts
        Assert.Empty(watcher.After(watcher.EventId(2))!);
    }

    [Fact]
    public void After_ListenerFurtherBehindThanTheHistory_OrFromAnotherWatcher_NeedsASnapshot()
    {
        var watcher = new RunWatcher("r");
        watcher.Apply(Snapshot(StepState.Running, 0));
        for (var i = 1; i <= RunWatcher.HistoryBatches + 10; i++)
        {
            watcher.Apply(Snapshot(StepState.Running, i));
        }

        Assert.Null(watcher.After(watcher.EventId(3)));
        Assert.Null(watcher.After(new RunWatcher("r").EventId(watcher.Seq)));
        Assert.Null(watcher.After(watcher.EventId(watcher.Seq + 1))); // an id from the future
        Assert.Null(watcher.After("not an id"));
        Assert.Single(watcher.After(watcher.EventId(watcher.Seq - 1))!);
    }

    [Fact]
    public void Apply_NothingChanged_NoBatch()
    {
        var watcher = new RunWatcher("r");
        watcher.Apply(Snapshot(StepState.Running, 1));
        watcher.Apply(Snapshot(StepState.Running, 1));

        Assert.Equal(0, watcher.Seq);
        var snapshot = JsonDocument.Parse(watcher.Snapshot().Json).RootElement;
        Assert.Equal([(int)StepState.Running, (int)StepState.NotStarted], snapshot.GetProperty("states").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(GraphLayout.KeyOf(Graph), snapshot.GetProperty("layout").GetString());
    }

    private static RunSnapshot Snapshot(StepState a, int attempts) => new(
        new OrchestrationMetadata(BazaarTasks.RunGraph, "r") { RuntimeStatus = OrchestrationRuntimeStatus.Running, CreatedAt = DateTimeOffset.UnixEpoch, LastUpdatedAt = DateTimeOffset.UnixEpoch },
        Graph,
        null,
        [new StepResult { Step = "a", State = a, Attempts = attempts }]);
}
