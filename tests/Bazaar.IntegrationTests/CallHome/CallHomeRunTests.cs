using Bazaar.Behaviors;
using Bazaar.CallHome;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bazaar.IntegrationTests.CallHome;

/// <summary>
/// A call-home step on the real engine: submitted by the activity, waited for by the orchestration at
/// zero compute, ended by the activity — collected on a call, cancelled at its deadline or when the run
/// is cancelled, found dead by the reconciliation check — and its job deleted every time.
/// </summary>
public sealed class CallHomeRunTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private readonly ScriptedCallHomeRemote remote = new();
    private LocalDurableHost host = null!;

    /// <summary>Gets what this machine lacks to run these tests, if anything.</summary>
    public static string? MissingBackend => TestRequirements.MissingAzurite;

    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "ch" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote().Services
                .AddSingleton<IRemote>(this.remote)
                .AddSingleton<ICallHomeEndpoints>(this.remote));
        this.remote.Client = this.host.Client;
    }

    public async Task DisposeAsync()
    {
        await this.host.DisposeAsync();
        await this.azurite.DisposeAsync();
    }

    [BackendFact]
    public async Task Run_JobCallsHome_OutputsCollectedForTheNextStepAndTheJobDeleted()
    {
        var result = await this.RunAsync("""
            name: called
            steps:
              far:
                remote: { type: scripted-call-home, script: succeed }
                run: make it
                produces: { made: out/made.txt }
              near:
                run: cat made > seen.txt
                consumes: [made]
                produces: { seen: seen.txt }
            """);

        Assert.True(result.Succeeded, Describe(result));
        var far = result.Steps.Single(s => s.Step == "far");
        var job = $"{result.RunId}-far-1";
        Assert.Equal((StepState.Succeeded, job), (far.State, far.Job));
        Assert.Equal($"made from {job}\n", await this.ReadAsync(result, "seen"));
        Assert.Equal([$"submit {job}", $"delete {job}"], this.remote.Calls);
        Assert.Contains($"submitted to scripted-call-home as {job}", await this.LogAsync(result.RunId, "far"), StringComparison.Ordinal);
        Assert.NotNull(this.remote.Requests[job].CallHome);
    }

    [BackendFact]
    public async Task Run_CachedCallHomeStepTwice_SecondRunTakesTheOutputsFromTheCacheWithoutSubmitting()
    {
        var yaml = """
            name: cached
            steps:
              far:
                remote: { type: scripted-call-home, script: succeed }
                run: make it once
                cache: true
                produces: { made: out/made.txt }
            """;

        var first = await this.RunAsync(yaml);
        var second = await this.RunAsync(yaml);

        Assert.Equal(StepState.Succeeded, first.Steps.Single().State);
        Assert.Equal((StepState.Cached, "cache"), (second.Steps.Single().State, second.Steps.Single().Behavior));
        Assert.Equal($"made from {first.RunId}-far-1\n", await this.ReadAsync(second, "made"));
        Assert.Equal(["submit", "delete"], this.remote.Calls.Select(c => c.Split(' ')[0]));
    }

    [BackendFact]
    public async Task Run_JobCallsHomeWithAFailure_StepFailsWithItsExitCodeAndTheJobDeleted()
    {
        var result = await this.RunAsync("""
            name: broken
            steps:
              far:
                remote: { type: scripted-call-home, script: fail }
                run: break it
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, 3, FailureKind.StepFailed), (far.State, far.ExitCode, far.Failure));
        Assert.Contains("exited with code 3 on scripted-call-home job", far.Error, StringComparison.Ordinal);
        Assert.Contains("broke", far.Error, StringComparison.Ordinal);
        Assert.Equal(["submit", "delete"], this.remote.Calls.Select(c => c.Split(' ')[0]));
    }

    [BackendFact]
    public async Task Run_JobNeverCalls_TimedOutAtItsDeadlineThenCancelledAndDeleted()
    {
        var result = await this.RunAsync("""
            name: silent
            steps:
              far:
                remote: { type: scripted-call-home, script: silent }
                run: hang
                timeout: 3s
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.TimedOut, "timeout"), (far.State, far.Failure, far.Behavior));
        Assert.Contains("did not call home", far.Error, StringComparison.Ordinal);
        Assert.Equal(["submit", "cancel", "delete"], this.remote.Calls.Select(c => c.Split(' ')[0]));

        // Asked about once a check (1 s) in a 3 s wait, not in a loop.
        Assert.InRange(this.remote.Describes, 1, 4);
    }

    [BackendFact]
    public async Task Run_JobDiesWithoutCalling_TheCheckFindsItAndTheStepFailsRetryably()
    {
        var result = await this.RunAsync("""
            name: dies
            steps:
              far:
                remote: { type: scripted-call-home, script: die }
                run: run out of memory
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.Infrastructure, 137), (far.State, far.Failure, far.ExitCode));
        Assert.Contains("without calling home: OOMKilled", far.Error, StringComparison.Ordinal);
        Assert.Equal(["submit", "delete"], this.remote.Calls.Select(c => c.Split(' ')[0]));
    }

    [BackendFact]
    public async Task Cancel_WhileTheJobRuns_JobCancelledAndDeletedAndTheRunEndsCancelled()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        var runId = await this.StartSilentAsync(ct);

        await this.host.Client.RaiseEventAsync(runId, BazaarTasks.CancelEvent, "enough", ct);
        var metadata = await this.host.Client.WaitForRunAsync(runId, cancellationToken: ct);
        var result = (await RunResults.ReadAsync(metadata, this.host.Services.GetRequiredService<IStepRecords>(), ct))!;

        Assert.Equal(StepState.Cancelled, Assert.Single(result.Steps).State);
        Assert.Equal(["submit", "cancel", "delete"], this.remote.Calls.Select(c => c.Split(' ')[0]));
    }

    [BackendFact]
    public async Task Janitor_LeftoversOfEndedAndUnknownRuns_DeletedWhereSafeAndTheRestKept()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        var ended = await this.RunAsync("""
            name: ended
            steps:
              far:
                remote: { type: scripted-call-home, script: succeed }
                run: make it
            """);
        var going = await this.StartSilentAsync(ct);
        var orphan = this.remote.Leave(ended.RunId, "far", 2, CallHomeJobState.Running);      // a dead host's job of an ended run
        var finished = this.remote.Leave("run-of-another-hub", "x", 1, CallHomeJobState.Ended); // ended by itself: nothing lost
        var foreign = this.remote.Leave("run-of-another-hub", "y", 1, CallHomeJobState.Running); // may be another host's, still running
        var janitor = new CallHomeJanitor(this.host.Services.GetServices<IRemote>(), NullLogger<CallHomeJanitor>.Instance);

        var sweep = await janitor.SweepAsync(this.host.Client, ct);

        Assert.Equal((4, 2, 2), (sweep.Found, sweep.Deleted, sweep.Kept));
        Assert.Empty(sweep.Failures);
        Assert.Contains($"cancel {orphan}", this.remote.Calls);
        Assert.Contains($"delete {orphan}", this.remote.Calls);
        Assert.Contains($"delete {finished}", this.remote.Calls);
        Assert.DoesNotContain(this.remote.Calls, c => c.EndsWith(foreign, StringComparison.Ordinal));
        Assert.Equal([$"submit {going}-far-1"], this.remote.Calls.Where(c => c.EndsWith($"{going}-far-1", StringComparison.Ordinal)));

        await this.host.Client.RaiseEventAsync(going, BazaarTasks.CancelEvent, "done", ct);
        await this.host.Client.WaitForRunAsync(going, cancellationToken: ct);
    }

    private static RunOptions Options => new() { CallHomeCheck = TimeSpan.FromSeconds(1), TimeoutGrace = TimeSpan.FromSeconds(10) };

    private async Task<string> StartSilentAsync(CancellationToken ct)
    {
        var graph = GraphFile.Parse("""
            name: going
            steps:
              far:
                remote: { type: scripted-call-home, script: silent }
                run: hang
            """, "test.yaml", new HashSet<string> { "process", ScriptedCallHomeRemote.TypeName });
        var runId = "ch-" + Guid.NewGuid().ToString("N")[..12];
        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, new RunRequest { RunId = runId, Graph = graph, Options = Options }, new StartOrchestrationOptions { InstanceId = runId }, ct);
        while (!this.remote.Calls.Contains($"submit {runId}-far-1"))
        {
            await Task.Delay(50, ct);
        }

        return runId;
    }

    private static string Describe(RunResult result) =>
        string.Join("\n", result.Steps.Select(s => $"{s.Step}: {s.State} {s.Error}"));

    private Task<RunResult> RunAsync(string yaml) =>
        DurableRuns.RunAsync(this.host, GraphFile.Parse(yaml, "test.yaml", new HashSet<string> { "process", ScriptedCallHomeRemote.TypeName }), Options, timeout: TimeSpan.FromSeconds(90));

    private async Task<string> ReadAsync(RunResult result, string product)
    {
        var reference = result.Steps.SelectMany(s => s.Products).Single(p => p.Name == product);
        await using var stream = await this.host.Services.GetRequiredService<IContentStore>().OpenReadAsync(reference, TestTimeout.Token());
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private async Task<string> LogAsync(string runId, string step)
    {
        await using var stream = await this.host.Services.GetRequiredService<IStepLogs>().OpenLogReadAsync(runId, step, 1, 0, TestTimeout.Token());
        using var reader = new StreamReader(stream!);
        return await reader.ReadToEndAsync();
    }
}
