using Bazaar.Engine.Tests.Orchestration;
using Bazaar.Engine.Tests.Orchestration.ExecuteStep;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Behaviors;

/// <summary>
/// The timeout behaviour measures every layer from one moment, the attempt's dispatch: the deadline is
/// set in the orchestration, travels with the request, and is what the activity and the remote use.
/// </summary>
public sealed class StepDeadlineTests : IDisposable
{
    private readonly ExecuteStepHarness activity = new();

    public void Dispose() => this.activity.Dispose();

    [Fact]
    public async Task Dispatch_StepWithTimeout_RequestCarriesTheDispatchMomentPlusTheTimeout()
    {
        var harness = new OrchestrationHarness { HoldTimers = true };
        var graph = Bazaar.Testing.Graphs.Parse("slow: -> p");
        graph = graph with { Steps = [graph.Steps[0] with { Timeout = TimeSpan.FromSeconds(10) }] };
        var dispatchedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        var run = harness.Start(graph, new RunOptions { TimeoutGrace = TimeSpan.FromSeconds(5) });

        var request = Assert.Single(harness.Calls);
        Assert.Equal(dispatchedAt + TimeSpan.FromSeconds(10), request.Deadline);
        Assert.Equal([TimeSpan.FromSeconds(15) + DurableTimers.QueueResolution], harness.Timers);
        harness.Succeed("slow");
        Assert.True((await run.WaitAsync(TestTimeout.Token())).Succeeded);
    }

    [Fact]
    public async Task Dispatch_StepWithoutTimeout_NoDeadlineAndNoTimer()
    {
        var harness = new OrchestrationHarness { HoldTimers = true };
        var run = harness.Start(Bazaar.Testing.Graphs.Parse("a: -> p"));

        Assert.Null(Assert.Single(harness.Calls).Deadline);
        Assert.Empty(harness.Timers);
        harness.Succeed("a");
        await run.WaitAsync(TestTimeout.Token());
    }

    [Fact]
    public async Task Activity_RemoteGetsTheRequestsDeadline_NotOneCountedFromWhenItStarted()
    {
        DateTimeOffset? seen = null;
        var remote = new ScriptedRemote((context, _) =>
        {
            seen = context.Deadline;
            return Task.FromResult(RemoteResult.Success);
        });
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(7);
        var step = ExecuteStepHarness.Step() with { Timeout = TimeSpan.FromMinutes(10) };

        var result = await this.activity.RunAsync(remote, step, adjust: r => r with { Deadline = deadline });

        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Equal(deadline, seen);
    }

    [Fact]
    public async Task Activity_DeadlineAndGracePassedWhileTheRemoteIgnoresIt_CancelledAsTimedOutBackstop()
    {
        var remote = new ScriptedRemote(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return RemoteResult.Success;
        });
        var step = ExecuteStepHarness.Step() with { Timeout = TimeSpan.FromMinutes(1) };

        // Dispatched two minutes ago: its deadline and grace are over before the remote starts.
        var result = await this.activity.RunAsync(
            remote, step, adjust: r => r with { Deadline = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1), TimeoutGrace = TimeSpan.FromSeconds(1) });

        Assert.Equal((StepState.Failed, FailureKind.TimedOut, "timeout-backstop"), (result.State, result.Failure, result.Behavior));
        Assert.Contains("Bazaar cancelled it", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_RequestWithoutDeadline_CountsTheTimeoutFromWhenItStarts()
    {
        // A request dispatched by an older version carries no deadline.
        DateTimeOffset? seen = null;
        var remote = new ScriptedRemote((context, _) =>
        {
            seen = context.Deadline;
            return Task.FromResult(RemoteResult.Success);
        });
        var before = DateTimeOffset.UtcNow;
        var step = ExecuteStepHarness.Step() with { Timeout = TimeSpan.FromMinutes(10) };

        await this.activity.RunAsync(remote, step);

        Assert.NotNull(seen);
        Assert.InRange(seen.Value, before + TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));
    }
}
