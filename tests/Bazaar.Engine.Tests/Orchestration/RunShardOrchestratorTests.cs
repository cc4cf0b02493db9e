using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration;

// Inside the namespace: written above it, the alias would lose to the namespace Bazaar.Graphs.
using Graphs = Bazaar.Testing.Graphs;

/// <summary>One shard of a large run, run on its own: what <see cref="RunShardOrchestrator"/> does with its <see cref="ShardRequest"/>.</summary>
public sealed class RunShardOrchestratorTests
{
    [Fact]
    public async Task RunAsync_ShardRequest_WalksItsStepsAsTheyBecomeReadyAndStoresTheirResults()
    {
        var harness = new OrchestrationHarness();
        var shard = harness.StartShard(new ShardRequest
        {
            RunId = "run1",
            Shard = 2,
            Graph = Graphs.Parse("b: p -> q", "c: q -> r", "d: q -> s"),
            Inputs = ["p"],
            GraphSecrets = ["TOKEN"],
            Options = new RunOptions { MaxParallel = 1 },
        });

        // The scheduler hands out b (its input came from an earlier shard), then c and d one at a time.
        Assert.Equal(["b"], harness.Pending);
        harness.Succeed("b");
        Assert.Equal(["c"], harness.Pending);
        harness.Succeed("c");
        Assert.Equal(["d"], harness.Pending);
        harness.Succeed("d");

        var result = await shard.WaitAsync(TestTimeout.Token());
        Assert.True(result.Succeeded);
        Assert.All(harness.Calls, c => Assert.Equal("run1", c.RunId));
        Assert.All(harness.Calls, c => Assert.Equal(["TOKEN"], c.GraphSecrets));

        // Stored whole under the run and the shard's index; handed over as states only.
        var saved = Assert.Single(harness.Saved);
        Assert.Equal(("run1", 2), (saved.RunId, saved.Shard));
        Assert.Equal(["b", "c", "d"], saved.Steps.Select(s => s.Step));
        Assert.All(saved.Steps, s => Assert.Equal("process", s.Remote));
        Assert.All(result.Steps, s => Assert.Equal((StepState.Succeeded, null), (s.State, s.Remote)));
    }

    [Fact]
    public async Task RunAsync_InputAnotherShardDidNotMake_StepIsSkippedNamingThatShardsStep()
    {
        var harness = new OrchestrationHarness();
        var shard = harness.StartShard(new ShardRequest
        {
            RunId = "run1",
            Shard = 1,
            Graph = Graphs.Parse("c: p -> r", "d: -> s"),
            Upstream = new Dictionary<string, UpstreamStep> { ["p"] = new("a", StepState.Failed) },
            Options = new RunOptions { FailurePolicy = FailurePolicy.Continue },
        });

        Assert.Equal(["d"], harness.Pending);
        harness.Succeed("d");

        var result = await shard.WaitAsync(TestTimeout.Token());
        Assert.Equal([StepState.Skipped, StepState.Succeeded], result.Steps.Select(s => s.State));
        Assert.Equal("not run: it consumes 'p', which step 'a' did not produce because it failed", harness.Whole(result).Steps[0].Error);
    }

    [Fact]
    public async Task RunAsync_FailFastEventFromTheRun_StartsNoMoreStepsAndSkipsTheRestNamingTheFailure()
    {
        var harness = new OrchestrationHarness();
        var shard = harness.StartShard(new ShardRequest
        {
            RunId = "run1",
            Shard = 0,
            Graph = Graphs.Parse("a:", "b:", "c:"),
            Options = new RunOptions { MaxParallel = 1 },
        });

        Assert.Equal(["a"], harness.Pending);
        harness.Raise("run1:shard-0", BazaarTasks.FailFastEvent, "x9");
        harness.Succeed("a");

        var result = await shard.WaitAsync(TestTimeout.Token());
        Assert.Equal(["a"], harness.Calls.Select(c => c.Step.Name));
        var whole = harness.Whole(result);
        Assert.Equal([StepState.Succeeded, StepState.Skipped, StepState.Skipped], whole.Steps.Select(s => s.State));
        Assert.All(whole.Steps.Skip(1), s => Assert.Contains("after step 'x9' failed (failure policy failFast)", s.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ReusedProductsAndSteps_AreNotRunAndTheirConsumersStartAtOnce()
    {
        var harness = new OrchestrationHarness();
        var shard = harness.StartShard(new ShardRequest
        {
            RunId = "run2",
            Shard = 0,
            Graph = Graphs.Parse("a: -> p", "b: p -> q", "check:"),
            Reused = ["p"],
            ReusedSteps = ["check"],
            RerunOf = "run1",
        });

        Assert.Equal(["b"], harness.Pending);
        harness.Succeed("b");

        var result = harness.Whole(await shard.WaitAsync(TestTimeout.Token()));
        Assert.Equal([StepState.Reused, StepState.Succeeded, StepState.Reused], result.Steps.Select(s => s.State));
        Assert.Contains("from run run1", result.Steps[0].Note, StringComparison.Ordinal);
    }
}
