using System.Diagnostics;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.Remotes.AwsEcs.Tests.EndToEnd;

/// <summary>
/// Runs on the real local host with this remote against the fake ECS: each step a real container from the agent's
/// FROM scratch image that fetches its inputs from Azurite, runs, uploads and calls the callback route home; and the
/// ways an attempt goes wrong — a failing command, ECS placing no task (<c>failures[]</c>), a task that never starts,
/// a cancelled run, a throttled ECS. Every task is stopped in the end.
/// </summary>
public sealed class EcsRunTests(EcsHostFixture fixture, ITestOutputHelper output) : IClassFixture<EcsHostFixture>
{
    private static readonly HashSet<string> Types = ["process", "aws-ecs"];

    /// <summary>Gets what this machine lacks to run these tests, if anything.</summary>
    public static string? MissingBackend => EcsHostFixture.MissingBackend;

    private static RunOptions Options => new() { CallHomeCheck = TimeSpan.FromSeconds(1), TimeoutGrace = TimeSpan.FromSeconds(10) };

    [BackendFact]
    public async Task Run_ExampleGraph_EcsStepBetweenTwoProcessStepsWithProductsBothWaysAndTheTaskStopped()
    {
        // The README's example, as written: the host supplies cluster, task definition and network.
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/aws-ecs.yaml"), Types);

        var result = await this.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var id = EcsJob.IdFor(result.RunId, "shout", 1);
        var shout = result.Steps.Single(s => s.Step == "shout");
        Assert.Equal(fixture.Ecs.TaskStartedBy(id), shout.Job);
        Assert.Equal("HELLO FROM A LOCAL STEP", await this.ReadAsync(result, "result"));
        var calls = this.CallsOf(id);
        Assert.Equal([$"ListTasks {id}", $"ListTasks {id}", $"RunTask {id}"], calls.Take(3));
        Assert.Contains($"DescribeTasks {id}", calls); // the success was cross-checked
        Assert.Equal($"StopTask {id}", calls[^1]);
        Assert.False(await fixture.Ecs.RunningAsync(shout.Job!));
        Assert.Contains("65532", await this.LogAsync(result.RunId, "shout"), StringComparison.Ordinal); // the agent's unprivileged user
    }

    [BackendFact]
    public async Task Run_CommandFails_StepFailsWithItsExitCode()
    {
        var result = await this.RunAsync("""
            name: broken
            steps:
              far:
                remote: { type: aws-ecs }
                run: echo broke >&2; exit 3
                timeout: 1m
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, 3, FailureKind.StepFailed), (far.State, far.ExitCode, far.Failure));
        Assert.Contains("broke", far.Error, StringComparison.Ordinal);
        Assert.Equal($"StopTask {EcsJob.IdFor(result.RunId, "far", 1)}", this.CallsOf(EcsJob.IdFor(result.RunId, "far", 1))[^1]);
    }

    [BackendFact]
    public async Task Run_EcsPlacesNoTask_StepFailsWithTheFailuresReason()
    {
        fixture.Ecs.FailNextPlacement("RESOURCE:MEMORY");

        var result = await this.RunAsync("""
            name: no-room
            steps:
              far:
                remote: { type: aws-ecs, memory: 122880 }
                run: echo never
                timeout: 1m
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.Infrastructure), (far.State, far.Failure));
        Assert.Contains("RESOURCE:MEMORY", far.Error, StringComparison.Ordinal);
        Assert.Null(fixture.Ecs.TaskStartedBy(EcsJob.IdFor(result.RunId, "far", 1)));
    }

    [BackendFact]
    public async Task Run_TaskNeverStarts_TheCheckFindsItStoppedWithoutExitCodeAndSaysWhy()
    {
        fixture.Ecs.FailNextStart("CannotPullContainerError: pull image manifest has been retried 5 time(s)");

        var result = await this.RunAsync("""
            name: no-image
            steps:
              far:
                remote: { type: aws-ecs }
                run: echo never
                timeout: 1m
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.Infrastructure, (int?)null), (far.State, far.Failure, far.ExitCode));
        Assert.Contains("without calling home", far.Error, StringComparison.Ordinal);
        Assert.Contains("TaskFailedToStart", far.Error, StringComparison.Ordinal);
        Assert.Contains("CannotPullContainerError", far.Error, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Cancel_WhileTheAgentRuns_TaskStoppedAndTheRunEndsCancelled()
    {
        var (runId, done) = await this.StartAsync("""
            name: cancelled
            steps:
              far:
                remote: { type: aws-ecs }
                run: sleep 60
            """);
        var id = EcsJob.IdFor(runId, "far", 1);
        await fixture.Ecs.WaitRunningAsync(id, TestTimeout.Token(TimeSpan.FromSeconds(60)));

        await fixture.Host.Client.RaiseEventAsync(runId, BazaarTasks.CancelEvent, "enough", TestTimeout.Token());
        var result = await done;

        Assert.Equal(StepState.Cancelled, Assert.Single(result.Steps).State);
        Assert.Contains($"StopTask {id}", this.CallsOf(id));
        Assert.False(await fixture.Ecs.RunningAsync(fixture.Ecs.TaskStartedBy(id)!));
    }

    [BackendFact]
    public async Task Run_EcsThrottlesRunTask_TriedAgainWithBackoffAndTheStepSucceeds()
    {
        fixture.Ecs.ThrottleRunTask(2);

        var result = await this.RunAsync("""
            name: throttled
            steps:
              far:
                remote: { type: aws-ecs }
                run: echo made > made.txt
                produces: { made: made.txt }
                timeout: 1m
            """);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("made\n", await this.ReadAsync(result, "made"));
        var calls = fixture.Ecs.Calls.ToList();
        var run = calls.IndexOf($"RunTask {EcsJob.IdFor(result.RunId, "far", 1)}");
        Assert.True(run >= 2 && calls.Take(run).Count(c => c == "RunTask 400 ThrottlingException") == 2, string.Join(", ", calls));
    }

    private static string Describe(RunResult result) =>
        string.Join("\n", result.Steps.Select(s => $"{s.Step}: {s.State} {s.Error}"));

    private List<string> CallsOf(string id) => [.. fixture.Ecs.Calls.Where(c => c.EndsWith(" " + id, StringComparison.Ordinal))];

    private Task<RunResult> RunAsync(string yaml) => this.RunAsync(GraphFile.Parse(yaml, "test.yaml", Types));

    private async Task<RunResult> RunAsync(GraphDefinition graph)
    {
        var watch = Stopwatch.StartNew();
        output.WriteLine(fixture.StartLog);
        var result = await DurableRuns.RunAsync(fixture.Host, graph, Options, timeout: TimeSpan.FromSeconds(90));
        output.WriteLine($"run {result.RunId} took {watch.Elapsed.TotalSeconds:0.0} s; ECS calls: {string.Join(", ", fixture.Ecs.Calls)}");
        return result;
    }

    private Task<(string RunId, Task<RunResult> Done)> StartAsync(string yaml) =>
        DurableRuns.StartAsync(fixture.Host, GraphFile.Parse(yaml, "test.yaml", Types), Options, "ecs-", TimeSpan.FromSeconds(90));

    private Task<string> ReadAsync(RunResult result, string product) => DurableRuns.ReadProductAsync(fixture.Host, result, product);

    private Task<string> LogAsync(string runId, string step) => DurableRuns.ReadLogAsync(fixture.Host, runId, step);
}
