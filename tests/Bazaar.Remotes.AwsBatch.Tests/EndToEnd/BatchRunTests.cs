using System.Diagnostics;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.Remotes.AwsBatch.Tests.EndToEnd;

/// <summary>
/// Runs on the real local host with this remote against the fake Batch: each step a real container from the agent's
/// FROM scratch image that fetches its inputs from Azurite, runs, uploads and calls the callback route home; and the
/// ways an attempt goes wrong — a failing command, a job stuck RUNNABLE for want of capacity, a cancelled run, a
/// throttled Batch. Every job is terminated in the end.
/// </summary>
public sealed class BatchRunTests(BatchHostFixture fixture, ITestOutputHelper output) : IClassFixture<BatchHostFixture>
{
    private static readonly HashSet<string> Types = ["process", "aws-batch"];

    /// <summary>Gets what this machine lacks to run these tests, if anything.</summary>
    public static string? MissingBackend => BatchHostFixture.MissingBackend;

    private static RunOptions Options => new() { CallHomeCheck = TimeSpan.FromSeconds(1), TimeoutGrace = TimeSpan.FromSeconds(10) };

    [BackendFact]
    public async Task Run_ExampleGraph_BatchStepBetweenTwoProcessStepsWithProductsBothWaysAndTheJobTerminated()
    {
        // The README's example, as written: the host supplies the job queue and job definition.
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/aws-batch.yaml"), Types);

        var result = await this.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var name = BatchJob.NameFor(result.RunId, "shout", 1);
        var shout = result.Steps.Single(s => s.Step == "shout");
        Assert.Equal(fixture.Batch.JobNamed(name), shout.Job);
        Assert.Equal("HELLO FROM A LOCAL STEP", await this.ReadAsync(result, "result"));
        var calls = this.CallsOf(name);
        Assert.Equal([$"ListJobs {name}", $"SubmitJob {name}"], calls.Take(2));
        Assert.Contains($"DescribeJobs {name}", calls); // the success was cross-checked
        Assert.Equal($"TerminateJob {name}", calls[^1]);
        Assert.False(await fixture.Batch.RunningAsync(shout.Job!));
        Assert.Contains("65532", await this.LogAsync(result.RunId, "shout"), StringComparison.Ordinal); // the agent's unprivileged user
    }

    [BackendFact]
    public async Task Run_CommandFails_StepFailsWithItsExitCode()
    {
        var result = await this.RunAsync("""
            name: broken
            steps:
              far:
                remote: { type: aws-batch }
                run: echo broke >&2; exit 3
                timeout: 1m
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, 3, FailureKind.StepFailed), (far.State, far.ExitCode, far.Failure));
        Assert.Contains("broke", far.Error, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Run_JobStuckRunnable_FailsAtItsStartTimeoutWithBatchsReasonAndIsTerminated()
    {
        fixture.Batch.NextJobFindsNoCapacity();
        var watch = Stopwatch.StartNew();

        var result = await this.RunAsync("""
            name: no-capacity
            steps:
              far:
                remote: { type: aws-batch, startTimeout: 3s }
                run: echo never
                timeout: 10m
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.Infrastructure, (int?)null), (far.State, far.Failure, far.ExitCode));
        Assert.Contains("still RUNNABLE", far.Error, StringComparison.Ordinal);
        Assert.Contains("INSUFFICIENT_INSTANCE_CAPACITY", far.Error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"the attempt waited {watch.Elapsed} instead of failing at its start timeout");
        Assert.Equal($"TerminateJob {BatchJob.NameFor(result.RunId, "far", 1)}", this.CallsOf(BatchJob.NameFor(result.RunId, "far", 1))[^1]);
    }

    [BackendFact]
    public async Task Cancel_WhileTheAgentRuns_JobTerminatedAndTheRunEndsCancelled()
    {
        var (runId, done) = await this.StartAsync("""
            name: cancelled
            steps:
              far:
                remote: { type: aws-batch }
                run: sleep 60
            """);
        var name = BatchJob.NameFor(runId, "far", 1);
        await fixture.Batch.WaitRunningAsync(name, TestTimeout.Token(TimeSpan.FromSeconds(60)));

        await fixture.Host.Client.RaiseEventAsync(runId, BazaarTasks.CancelEvent, "enough", TestTimeout.Token());
        var result = await done;

        Assert.Equal(StepState.Cancelled, Assert.Single(result.Steps).State);
        Assert.Contains($"TerminateJob {name}", this.CallsOf(name));
        Assert.False(await fixture.Batch.RunningAsync(fixture.Batch.JobNamed(name)!));
    }

    [BackendFact]
    public async Task Run_BatchThrottlesSubmitJob_TriedAgainWithBackoffAndTheStepSucceeds()
    {
        fixture.Batch.ThrottleSubmit(2);

        var result = await this.RunAsync("""
            name: throttled
            steps:
              far:
                remote: { type: aws-batch }
                run: echo made > made.txt
                produces: { made: made.txt }
                timeout: 1m
            """);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("made\n", await this.ReadAsync(result, "made"));
        var calls = fixture.Batch.Calls.ToList();
        var submit = calls.IndexOf($"SubmitJob {BatchJob.NameFor(result.RunId, "far", 1)}");
        Assert.True(submit >= 2 && calls.Take(submit).Count(c => c == "SubmitJob 429") == 2, string.Join(", ", calls));
    }

    private static string Describe(RunResult result) =>
        string.Join("\n", result.Steps.Select(s => $"{s.Step}: {s.State} {s.Error}"));

    private List<string> CallsOf(string name) => [.. fixture.Batch.Calls.Where(c => c.EndsWith(" " + name, StringComparison.Ordinal))];

    private Task<RunResult> RunAsync(string yaml) => this.RunAsync(GraphFile.Parse(yaml, "test.yaml", Types));

    private async Task<RunResult> RunAsync(GraphDefinition graph)
    {
        var watch = Stopwatch.StartNew();
        output.WriteLine(fixture.StartLog);
        var result = await DurableRuns.RunAsync(fixture.Host, graph, Options, timeout: TimeSpan.FromSeconds(90));
        output.WriteLine($"run {result.RunId} took {watch.Elapsed.TotalSeconds:0.0} s; Batch calls: {string.Join(", ", fixture.Batch.Calls)}");
        return result;
    }

    private Task<(string RunId, Task<RunResult> Done)> StartAsync(string yaml) =>
        DurableRuns.StartAsync(fixture.Host, GraphFile.Parse(yaml, "test.yaml", Types), Options, "batch-", TimeSpan.FromSeconds(90));

    private Task<string> ReadAsync(RunResult result, string product) => DurableRuns.ReadProductAsync(fixture.Host, result, product);

    private Task<string> LogAsync(string runId, string step) => DurableRuns.ReadLogAsync(fixture.Host, runId, step);
}
