using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration;

// Inside the namespace: written above it, the alias would lose to the namespace Bazaar.Graphs.
using Graphs = Bazaar.Testing.Graphs;

/// <summary>A graph over <see cref="RunOptions.ShardSize"/> steps, walked in shards (sub-orchestrations).</summary>
public sealed class ShardedRunTests
{
    [Fact]
    public async Task RunAsync_ChainOverShardSize_RunsShardsOneAfterAnotherAsSubOrchestrations()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a: -> p", "b: p -> q", "c: q -> r", "d: r -> s", "e: s -> t"), new RunOptions { ShardSize = 2 });

        foreach (var step in new[] { "a", "b", "c", "d", "e" })
        {
            Assert.Equal([step], harness.Pending);
            harness.Succeed(step);
        }

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.True(result.Succeeded);
        Assert.Equal(["a", "b", "c", "d", "e"], result.Steps.Select(s => s.Step));
        Assert.Equal(["run1:shard-0", "run1:shard-1", "run1:shard-2"], harness.Shards.Select(s => s.InstanceId));
        Assert.All(harness.Shards, s => Assert.Equal(0, s.Request.Options.ShardSize));
        Assert.All(harness.Calls, c => Assert.Equal("run1", c.RunId));

        // The second shard starts with the first shard's product as an input.
        Assert.Equal(["q"], harness.Shards[1].Request.Inputs);

        // Each shard's history is purged once the run has its result.
        Assert.Equal(["run1:shard-0", "run1:shard-1", "run1:shard-2"], harness.Purged);
    }

    [Fact]
    public async Task RunAsync_Sharded_EachShardStoresItsResultsAndTheRunCarriesTheirStatesOnly()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a: -> p", "b: p -> q", "c: q -> r"), new RunOptions { ShardSize = 2 });
        harness.Succeed("a");
        harness.Succeed("b");
        harness.Fail("c", exitCode: 3);

        var result = await run.WaitAsync(TestTimeout.Token());

        // The output: states only, so its size does not grow with what each step made.
        Assert.Equal(2, result.Shards);
        Assert.Equal([StepState.Succeeded, StepState.Succeeded, StepState.Failed], result.Steps.Select(s => s.State));
        Assert.All(result.Steps, s => Assert.Equal((null, null, 0), (s.Remote, s.ExitCode, s.Attempts)));

        // The store: every step whole, by shard.
        Assert.Equal([(0, "a,b"), (1, "c")], harness.Saved.Select(s => (s.Shard, string.Join(',', s.Steps.Select(r => r.Step)))));
        Assert.All(harness.Saved, s => Assert.Equal("run1", s.RunId));
        var whole = harness.Whole(result);
        Assert.Equal([0, 0, 3], whole.Steps.Select(s => s.ExitCode));
        Assert.All(whole.Steps, s => Assert.Equal("process", s.Remote));
    }

    [Fact]
    public async Task RunAsync_ShardOrchestrationFails_ItsStepsFailSayingWhyAndItsHistoryIsKept()
    {
        var harness = new OrchestrationHarness();
        harness.BrokenShards.Add("run1:shard-1");
        var run = harness.Start(Graphs.Parse("a:", "b:", "c:"), new RunOptions { ShardSize = 2, FailurePolicy = FailurePolicy.Continue });
        harness.Succeed("a");
        harness.Succeed("b");

        var result = await run.WaitAsync(TestTimeout.Token());

        Assert.False(result.Succeeded);
        var c = Assert.Single(result.Steps, s => s.Step == "c");
        Assert.Equal(StepState.Failed, c.State);
        Assert.Equal("step 'c' could not be run by the host: shard 1 of the run failed: orchestrator crashed", c.Error);
        Assert.Equal(["run1:shard-0"], harness.Purged);
    }

    [Fact]
    public async Task RunAsync_ShardCannotStoreItsResults_HandsThemOverWhole()
    {
        var harness = new OrchestrationHarness { FailSaves = true };
        var run = harness.Start(Graphs.Parse("a: -> p", "b: p -> q"), new RunOptions { ShardSize = 1 });
        harness.Succeed("a");
        harness.Succeed("b");

        var result = await run.WaitAsync(TestTimeout.Token());

        Assert.True(result.Succeeded);
        Assert.Empty(harness.Saved);
        Assert.All(result.Steps, s => Assert.Equal(("process", 0), (s.Remote, s.ExitCode)));
    }

    [Fact]
    public async Task RunAsync_FanOutOverShardSize_RunsShardsTogetherWithinMaxParallel()
    {
        var harness = new OrchestrationHarness();
        var lines = Enumerable.Range(0, 12).Select(i => $"s{i:D2}: -> p{i:D2}").ToArray();
        var run = harness.Start(Graphs.Parse(lines), new RunOptions { ShardSize = 2, MaxParallel = 6 });

        // Four shards at once (the most), six steps in flight between them: MaxParallel holds across shards.
        Assert.Equal(4, harness.Shards.Count);
        Assert.All(harness.Shards, s => Assert.Equal(1, s.Request.Options.MaxParallel));
        Assert.Equal(4, harness.Pending.Count());
        while (harness.Pending.FirstOrDefault() is { } step)
        {
            Assert.InRange(harness.Pending.Count(), 1, 6);
            harness.Succeed(step);
        }

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.True(result.Succeeded);
        Assert.Equal(6, harness.Shards.Count);
        Assert.Equal(12, harness.Statuses[^1].Counts[StepState.Succeeded]);
    }

    [Fact]
    public async Task RunAsync_ProducerInAnEarlierShardFailed_ConsumerIsSkippedNamingIt()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(
            Graphs.Parse("a: -> p", "b: -> q", "c: p -> r", "d: q -> s"),
            new RunOptions { ShardSize = 2, FailurePolicy = FailurePolicy.Continue });

        harness.Fail("a");
        harness.Succeed("b");
        Assert.Equal(["d"], harness.Pending);
        harness.Succeed("d");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.False(result.Succeeded);
        Assert.Equal([StepState.Failed, StepState.Succeeded, StepState.Skipped, StepState.Succeeded], result.Steps.Select(s => s.State));
        Assert.Equal("not run: it consumes 'p', which step 'a' did not produce because it failed", harness.Whole(result).Steps[2].Error);
        Assert.Equal(new UpstreamStep("a", StepState.Failed), harness.Shards[1].Request.Upstream["p"]);
    }

    [Fact]
    public async Task RunAsync_FailFastInOneShard_TellsTheRunningShardsAndStartsNoMore()
    {
        var harness = new OrchestrationHarness();
        var lines = Enumerable.Range(0, 10).Select(i => $"s{i}:").ToArray();
        var run = harness.Start(Graphs.Parse(lines), new RunOptions { ShardSize = 2, MaxParallel = 4 });

        // Shards 0–3 run s0, s2, s4, s6; s0 fails and ends shard 0 (its s1 is not started under failFast).
        harness.Fail("s0");
        Assert.Equal(["s2", "s4", "s6"], harness.Pending);
        Assert.Equal(["run1:shard-1", "run1:shard-2", "run1:shard-3"], harness.Sent.Select(e => e.InstanceId));
        Assert.All(harness.Sent, e => Assert.Equal((BazaarTasks.FailFastEvent, "s0"), (e.Name, e.Data)));
        harness.Succeed("s2");
        harness.Succeed("s4");
        harness.Succeed("s6");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.Equal(4, harness.Shards.Count);
        Assert.Equal(["s0", "s2", "s4", "s6"], harness.Calls.Select(c => c.Step.Name));
        var skipped = harness.Whole(result).Steps.Where(s => s.State == StepState.Skipped).ToList();
        Assert.Equal(["s1", "s3", "s5", "s7", "s8", "s9"], skipped.Select(s => s.Step));
        Assert.All(skipped, s => Assert.Contains("after step 's0' failed (failure policy failFast)", s.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Cancel_ReachesTheRunningShardsAndSkipsTheRest()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a: -> p", "b: p -> q", "c: q -> r"), new RunOptions { ShardSize = 1 });

        harness.Cancel("stop");
        Assert.Equal([("run1:shard-0", BazaarTasks.CancelEvent, "stop")], harness.Sent);
        harness.Cancelled("a");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.Equal("stop", result.Cancelled);
        Assert.Equal([StepState.Cancelled, StepState.Skipped, StepState.Skipped], result.Steps.Select(s => s.State));
        Assert.Equal("not run: the run was cancelled (stop)", harness.Whole(result).Steps[2].Error);
        Assert.Single(harness.Shards);
    }

    [Fact]
    public async Task RunAsync_Sharded_EveryStepIsRedactedOfTheWholeGraphsSecretsAndReusedProductsStayReused()
    {
        var harness = new OrchestrationHarness();
        var graph = Graphs.Parse("a: -> p", "b: p -> q");
        graph = graph with { Steps = [graph.Steps[0] with { Secrets = ["TOKEN"] }, graph.Steps[1]] };
        var run = harness.Start(new RunRequest { RunId = "run1", Graph = graph, Reused = ["p"], Options = new RunOptions { ShardSize = 1 } });

        Assert.Equal(["b"], harness.Pending);
        harness.Succeed("b");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.Equal([StepState.Reused, StepState.Succeeded], result.Steps.Select(s => s.State));
        Assert.Equal(["TOKEN"], Assert.Single(harness.Calls).GraphSecrets);
        Assert.Equal(["p"], harness.Shards[0].Request.Reused);
    }

    [Fact]
    public async Task RunAsync_AtShardSize_IsOneOrchestration()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a:", "b:"), new RunOptions { ShardSize = 2 });

        harness.Succeed("a");
        harness.Succeed("b");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.True(result.Succeeded);
        Assert.Empty(harness.Shards);

        // One orchestration's output carries its steps whole; nothing is stored beside it.
        Assert.Equal(0, result.Shards);
        Assert.Empty(harness.Saved);
        Assert.All(result.Steps, s => Assert.Equal("process", s.Remote));
    }
}
