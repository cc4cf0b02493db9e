using Bazaar.Graphs;
using Bazaar.Http;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Client;
using TestGraphs = Bazaar.Testing.Graphs;

namespace Bazaar.Http.Tests.Http;

public sealed class RunSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void States_RunningDiamond_MarksStepsWithSomeInputsWaitingAndTheRestNotStarted()
    {
        var graph = TestGraphs.Parse("top: -> p", "left: p -> l", "right: p -> r", "join: l,r -> out", "other: x -> y") with { Inputs = [] };
        var steps = new List<StepResult>
        {
            new() { Step = "top", State = StepState.Succeeded },
            new() { Step = "left", State = StepState.Succeeded },
            new() { Step = "right", State = StepState.Running },
        };

        var snapshot = new RunSnapshot(Metadata(OrchestrationRuntimeStatus.Running), graph, null, steps);

        Assert.Equal(StepState.Running, snapshot.States["right"]);
        Assert.Equal(StepState.Waiting, snapshot.States["join"]);
        Assert.Equal(StepState.NotStarted, snapshot.States["other"]);
        Assert.Equal(RunState.Running, snapshot.State);
        Assert.Equal(2, snapshot.ToView(Links()).Counts[StepState.Succeeded]);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Pending, null, null, RunState.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Running, null, null, RunState.Running)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, null, null, RunState.Running)]
    [InlineData(OrchestrationRuntimeStatus.Completed, null, true, RunState.Succeeded)]
    [InlineData(OrchestrationRuntimeStatus.Completed, null, false, RunState.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Completed, "stop", false, RunState.Cancelled)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, null, null, RunState.Cancelled)]
    [InlineData(OrchestrationRuntimeStatus.Failed, null, null, RunState.Error)]
    public void StateOf_RuntimeStatusAndResult_GivesTheRunsState(OrchestrationRuntimeStatus status, string? cancelled, bool? succeeded, RunState expected)
    {
        Assert.Equal(expected, RunSnapshot.StateOf(status, cancelled, succeeded));
    }

    [Fact]
    public void ToView_CancelledRun_SaysWhyInError()
    {
        var graph = TestGraphs.Parse("a: -> p");
        var result = new RunResult
        {
            RunId = "r",
            Graph = "g",
            Succeeded = false,
            Cancelled = "changed my mind",
            StartedAt = Now,
            EndedAt = Now,
            Steps = [new StepResult { Step = "a", State = StepState.Cancelled }],
        };

        var view = new RunSnapshot(Metadata(OrchestrationRuntimeStatus.Completed), graph, result, result.Steps).ToView(Links());

        Assert.Equal(RunState.Cancelled, view.State);
        Assert.Equal("changed my mind", view.Error);
        Assert.Equal(1, view.Counts[StepState.Cancelled]);
        Assert.Same(result, view.Result);
    }

    private static OrchestrationMetadata Metadata(OrchestrationRuntimeStatus status) =>
        new(BazaarTasks.RunGraph, "r") { RuntimeStatus = status, CreatedAt = Now, LastUpdatedAt = Now };

    private static RunLinks Links() => new()
    {
        Self = new Uri("http://x/api/runs/r"),
        Graph = new Uri("http://x/api/runs/r/graph"),
        Cancel = new Uri("http://x/api/runs/r/cancel"),
    };
}
