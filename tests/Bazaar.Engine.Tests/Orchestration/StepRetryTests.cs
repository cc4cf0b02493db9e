using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration;

// Inside the namespace: written above it, the alias would lose to the namespace Bazaar.Graphs.
using Graphs = Bazaar.Testing.Graphs;

/// <summary>The retry behaviour in the orchestrator: what is tried again is decided by the failure's kind.</summary>
public sealed class StepRetryTests
{
    [Theory]
    [InlineData(RetryOn.Retryable)]
    [InlineData(RetryOn.Any)]
    public async Task RunAsync_MisconfiguredFailure_IsNeverRetriedWhateverRetrySays(RetryOn on)
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(WithRetry(new RetryPolicy(3, TimeSpan.FromSeconds(1), on)));

        harness.Fail("a", FailureKind.Misconfigured);

        var result = await run.WaitAsync(TestTimeout.Token());
        var step = Assert.Single(result.Steps);
        Assert.Equal<(StepState, FailureKind?, bool)>((StepState.Failed, FailureKind.Misconfigured, false), (step.State, step.Failure, step.Retryable));
        Assert.Single(harness.Calls);
        Assert.Empty(harness.Timers);
        Assert.Equal("retry", step.Behavior);
        Assert.Equal("failed on try 1 of 3 (not tried again: the step is misconfigured, which no retry mends; fix what the error names)", step.Note);
    }

    [Theory]
    [InlineData(FailureKind.Infrastructure)]
    [InlineData(FailureKind.TimedOut)]
    public async Task RunAsync_InfrastructureOrTimeoutUnderDefaultRetry_IsTriedAgain(FailureKind kind)
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(WithRetry(new RetryPolicy(3, TimeSpan.FromSeconds(1))));

        harness.Fail("a", kind);
        harness.Succeed("a");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.True(result.Succeeded);
        Assert.Equal([1, 2], harness.Calls.Select(c => c.Attempt));
        Assert.Equal("succeeded on try 2 of 3", result.Steps[0].Note);
    }

    [Fact]
    public async Task RunAsync_StepFailedUnderDefaultRetry_IsNotRetriedAndCarriesItsKind()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(WithRetry(new RetryPolicy(3, TimeSpan.Zero)));

        harness.Fail("a", FailureKind.StepFailed, exitCode: 2);

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.Single(harness.Calls);
        Assert.Equal<(FailureKind?, int?, string?)>((FailureKind.StepFailed, 2, null), (result.Steps[0].Failure, result.Steps[0].ExitCode, result.Steps[0].Note));
    }

    [Fact]
    public async Task RunAsync_MisconfiguredAfterAnInfrastructureFailure_StopsThereSayingWhy()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(WithRetry(new RetryPolicy(5, TimeSpan.Zero, RetryOn.Any)));

        harness.Fail("a", FailureKind.Infrastructure);
        harness.Fail("a", FailureKind.Misconfigured);

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.Equal([1, 2], harness.Calls.Select(c => c.Attempt));
        Assert.Equal("failed on all 2 of 5 tries (not tried again: the step is misconfigured, which no retry mends; fix what the error names)", result.Steps[0].Note);
    }

    [Fact]
    public async Task RunAsync_ActivityTheHostCouldNotRun_IsAnInfrastructureFailureAndTriedAgain()
    {
        var harness = new OrchestrationHarness();
        var run = harness.Start(WithRetry(new RetryPolicy(2, TimeSpan.Zero)));

        harness.Throw("a", "the worker died");
        harness.Succeed("a");

        var result = await run.WaitAsync(TestTimeout.Token());
        Assert.True(result.Succeeded);
        Assert.Equal(2, harness.Calls.Count);
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task RunAsync_ResultFromBeforeFailureKinds_DecidesAsThatVersionDidSoReplayStaysDeterministic(bool retryable, int calls)
    {
        // An activity's result as a version without failure kinds wrote it into the history.
        var legacy = JsonSerializer.Deserialize<StepResult>($$"""{"Step":"a","State":"Failed","Attempts":1,"ExitCode":1,"Retryable":{{(retryable ? "true" : "false")}}}""")!;
        var harness = new OrchestrationHarness();
        var run = harness.Start(WithRetry(new RetryPolicy(2, TimeSpan.Zero)));

        harness.Report("a", legacy);
        if (retryable)
        {
            harness.Succeed("a");
        }

        await run.WaitAsync(TestTimeout.Token());
        Assert.Null(legacy.Failure);
        Assert.Equal(calls, harness.Calls.Count);
    }

    private static GraphDefinition WithRetry(RetryPolicy retry)
    {
        var graph = Graphs.Parse("a: -> p");
        return graph with { Steps = [graph.Steps[0] with { Retry = retry }] };
    }
}
