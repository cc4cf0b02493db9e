using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration;

// Inside the namespace: written above it, the alias would lose to the namespace Bazaar.Graphs.
using Graphs = Bazaar.Testing.Graphs;

public sealed class RunGraphOrchestratorTests
{
    [Fact]
    public async Task RunAsync_Chain_DispatchesEachStepOnlyAfterItsProducer()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a: -> p", "b: p -> q", "c: q -> r"));

        Assert.Equal(["a"], harness.Pending);
        harness.Succeed("a");
        Assert.Equal(["b"], harness.Pending);
        harness.Succeed("b");
        Assert.Equal(["c"], harness.Pending);
        harness.Succeed("c");

        var result = await run;
        Assert.True(result.Succeeded);
        Assert.Equal(["a", "b", "c"], harness.Calls.Select(c => c.Step.Name));
    }

    [Fact]
    public async Task RunAsync_Diamond_StartsJoinOnlyWhenItsLastInputExists()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("top: -> p", "left: p -> l", "right: p -> r", "join: l,r -> out"));

        harness.Succeed("top");
        Assert.Equal(["left", "right"], harness.Pending);
        harness.Succeed("right");
        Assert.Equal(["left"], harness.Pending);
        harness.Succeed("left");
        Assert.Equal(["join"], harness.Pending);
        harness.Succeed("join");

        Assert.True((await run).Succeeded);
    }

    [Fact]
    public async Task RunAsync_SlowBranch_DoesNotHoldBackAFastBranchsConsumer()
    {
        // A step starts the moment its last input exists, not when a whole "level" finishes.
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("slow: -> s", "fast: -> f", "afterFast: f -> g", "end: s,g -> e"));

        harness.Succeed("fast");
        Assert.Equal(["afterFast", "slow"], harness.Pending);
        harness.Succeed("afterFast");
        harness.Succeed("slow");
        harness.Succeed("end");
        Assert.True((await run).Succeeded);
    }

    [Fact]
    public async Task RunAsync_MaxParallelTwo_NeverHasMoreThanTwoStepsInFlight()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a:", "b:", "c:", "d:", "e:"), new RunOptions { MaxParallel = 2 });

        foreach (var expected in new[] { new[] { "a", "b" }, ["b", "c"], ["c", "d"], ["d", "e"], ["e"] })
        {
            Assert.Equal(expected, harness.Pending);
            harness.Succeed(expected[0]);
        }

        Assert.True((await run).Succeeded);
        Assert.Equal(["a", "b", "c", "d", "e"], harness.Calls.Select(c => c.Step.Name));
    }

    [Fact]
    public async Task RunAsync_FailFast_LetsInFlightStepsEndAndSkipsTheRest()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("bad: -> p", "busy: -> q", "queued: -> r", "after: p -> s"), new RunOptions { MaxParallel = 2 });

        Assert.Equal(["bad", "busy"], harness.Pending);
        harness.Fail("bad");
        Assert.Equal(["busy"], harness.Pending);
        harness.Succeed("busy");

        var result = await run;
        Assert.False(result.Succeeded);
        Assert.Equal(
            [StepState.Failed, StepState.Succeeded, StepState.Skipped, StepState.Skipped],
            result.Steps.Select(s => s.State));
        Assert.Contains("after step 'bad' failed (failure policy failFast)", result.Steps[2].Error, StringComparison.Ordinal);
        Assert.Contains("consumes 'p', which step 'bad' did not produce because it failed", result.Steps[3].Error, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Calls, c => c.Step.Name is "queued" or "after");
    }

    [Fact]
    public async Task RunAsync_Continue_RunsEverythingWhoseInputsExist()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(
            Graphs.Parse("bad: -> p", "good: -> q", "afterBad: p -> r", "afterGood: q -> s"),
            new RunOptions { FailurePolicy = FailurePolicy.Continue, MaxParallel = 1 });

        harness.Fail("bad");
        harness.Succeed("good");
        harness.Succeed("afterGood");

        var result = await run;
        Assert.Equal(
            [StepState.Failed, StepState.Succeeded, StepState.Skipped, StepState.Succeeded],
            result.Steps.Select(s => s.State));
        Assert.Contains("'bad'", result.Steps[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GraphInputSupplied_StepsConsumingItStartAtOnce()
    {
        var harness = new OrchestrationHarness();
        var graph = Graphs.Parse("build: source -> out") with { Inputs = ["source"] };
        var run = harness.Start(graph, null, "source");

        Assert.Equal(["build"], harness.Pending);
        harness.Succeed("build");
        Assert.True((await run).Succeeded);
    }

    [Fact]
    public async Task RunAsync_ActivityThrows_StepFailsWithTheHostsMessage()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a: -> p", "b: p -> q"));

        harness.Throw("a", "disk full");

        var result = await run;
        Assert.Equal(StepState.Failed, result.Steps[0].State);
        Assert.Contains("disk full", result.Steps[0].Error, StringComparison.Ordinal);
        Assert.Equal(StepState.Skipped, result.Steps[1].State);
    }

    [Fact]
    public async Task RunAsync_RetryOnAny_RetriesWithDoublingBackoffUntilSuccess()
    {
        var harness = new OrchestrationHarness();
        var graph = Graphs.Parse("flaky: -> p");
        graph = graph with { Steps = [graph.Steps[0] with { Retry = new RetryPolicy(3, TimeSpan.FromSeconds(1), RetryOn.Any) }] };
        var run = harness.Start(graph);

        harness.Fail("flaky");
        harness.Fail("flaky");
        harness.Succeed("flaky");

        var result = await run;
        Assert.True(result.Succeeded);
        Assert.Equal([1, 2, 3], harness.Calls.Select(c => c.Attempt));
        Assert.Equal([TimeSpan.FromSeconds(1) + DurableTimers.QueueResolution, TimeSpan.FromSeconds(2) + DurableTimers.QueueResolution], harness.Timers);
        Assert.Equal(3, result.Steps[0].Attempts);
        Assert.Equal(("retry", "succeeded on try 3 of 3"), (result.Steps[0].Behavior, result.Steps[0].Note));
    }

    [Fact]
    public async Task RunAsync_RetryOnRetryable_RetriesOnlyWhatTheRemoteMarksRetryable()
    {
        var harness = new OrchestrationHarness();
        var graph = Graphs.Parse("flaky: -> p");
        graph = graph with { Steps = [graph.Steps[0] with { Retry = new RetryPolicy(5, TimeSpan.Zero) }] };
        var run = harness.Start(graph);

        harness.Fail("flaky", retryable: true);
        harness.Fail("flaky", exitCode: 2);

        var result = await run;
        Assert.False(result.Succeeded);
        Assert.Equal([1, 2], harness.Calls.Select(c => c.Attempt));
        Assert.Equal(2, result.Steps[0].ExitCode);
        Assert.Contains("not retryable", result.Steps[0].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReusedProducts_RedundantStepsAreNotRunAndTheirConsumersStartAtOnce()
    {
        var harness = new OrchestrationHarness();
        var graph = Graphs.Parse("a: -> p", "b: p -> q", "c: -> r", "d: q -> s");
        var run = harness.Start(new RunRequest { RunId = "run2", Graph = graph, Reused = ["p", "r"], RerunOf = "run1" });

        Assert.Equal(["b"], harness.Pending);
        harness.Succeed("b");
        harness.Succeed("d");

        var result = await run;
        Assert.True(result.Succeeded);
        Assert.Equal(["b", "d"], harness.Calls.Select(c => c.Step.Name));
        Assert.Equal(
            [StepState.Reused, StepState.Succeeded, StepState.Reused, StepState.Succeeded],
            result.Steps.Select(s => s.State));
        Assert.Equal("skip-if-redundant", result.Steps[0].Behavior);
        Assert.Contains("from run run1", result.Steps[0].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StepTimeoutAndNoReport_BackstopTimerFailsTheStepAsRetryable()
    {
        var harness = new OrchestrationHarness();
        var graph = Graphs.Parse("hung: -> p", "after: p -> q");
        graph = graph with { Steps = [graph.Steps[0] with { Timeout = TimeSpan.FromSeconds(10) }, graph.Steps[1]] };

        var result = await harness.Start(graph, new RunOptions { TimeoutGrace = TimeSpan.FromSeconds(5) });

        Assert.Equal([TimeSpan.FromSeconds(15) + DurableTimers.QueueResolution], harness.Timers);
        Assert.Equal((StepState.Failed, "timeout-backstop", true), (result.Steps[0].State, result.Steps[0].Behavior, result.Steps[0].Retryable));
        Assert.Equal(StepState.Skipped, result.Steps[1].State);
        Assert.Equal(TimeSpan.FromSeconds(5), harness.Calls[0].TimeoutGrace);
    }

    [Fact]
    public async Task RunAsync_StepTimeoutAndActivityReports_TheActivitysResultStands()
    {
        var harness = new OrchestrationHarness { HoldTimers = true };
        var graph = Graphs.Parse("slow: -> p");
        graph = graph with { Steps = [graph.Steps[0] with { Timeout = TimeSpan.FromSeconds(10) }] };
        var run = harness.Start(graph);

        harness.Succeed("slow");

        var result = await run;
        Assert.True(result.Succeeded);
        Assert.Null(result.Steps[0].Behavior);
    }

    [Fact]
    public async Task RunAsync_CancelEvent_StartsNothingNewLetsInFlightStepsEndAndSkipsTheRest()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(Graphs.Parse("a: -> p", "b: -> q", "c: p -> r"), new RunOptions { FailurePolicy = FailurePolicy.Continue });

        harness.Cancel("stop please");
        harness.Succeed("a");
        Assert.Equal(["b"], harness.Pending);
        harness.Cancelled("b");

        var result = await run;
        Assert.False(result.Succeeded);
        Assert.Equal("stop please", result.Cancelled);
        Assert.Equal([StepState.Succeeded, StepState.Cancelled, StepState.Skipped], result.Steps.Select(s => s.State));
        Assert.Contains("cancelled (stop please)", result.Steps[2].Error, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], harness.Calls.Select(c => c.Step.Name));
        Assert.Equal("stop please", harness.Statuses[^1].Cancelled);
    }

    [Fact]
    public async Task RunAsync_CancelDuringRetryBackoff_EndsTheWaitAndKeepsTheFailure()
    {
        var harness = new OrchestrationHarness { HoldTimers = true };
        var graph = Graphs.Parse("a: -> p");
        graph = graph with { Steps = [graph.Steps[0] with { Retry = new RetryPolicy(5, TimeSpan.FromHours(1), RetryOn.Any) }] };
        var run = harness.Start(graph);

        harness.Fail("a");
        Assert.Single(harness.Timers);
        harness.Cancel("enough");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.Equal(StepState.Failed, Assert.Single(result.Steps).State);
        Assert.Equal("enough", result.Cancelled);
        Assert.Single(harness.Calls);
    }

    [Fact]
    public async Task RunAsync_CustomStatus_CountsStatesAndStaysSmallForLargeGraphs()
    {
        var harness = new OrchestrationHarness();
        var lines = Enumerable.Range(0, 5000).Select(i => $"s{i:D4}:").ToArray();
        var run = harness.Start(Graphs.Parse(lines), new RunOptions { MaxParallel = 1000, ShardSize = 0 });

        var status = harness.Statuses[^1];
        Assert.Equal(5000, status.Total);
        Assert.Equal(1000, status.Counts[StepState.Running]);
        Assert.Equal(4000, status.Counts[StepState.NotStarted]);
        Assert.Equal(RunStatus.MaxRunningListed, status.Running.Count);
        Assert.True(JsonSerializer.Serialize(status).Length < 2048, "the custom status must stay far below the 16 KB cap");

        foreach (var step in lines.Select(l => l.TrimEnd(':')))
        {
            harness.Succeed(step);
        }

        var result = await run;
        Assert.True(result.Succeeded);
        Assert.Equal(5000, harness.Statuses[^1].Counts[StepState.Succeeded]);
    }
}
