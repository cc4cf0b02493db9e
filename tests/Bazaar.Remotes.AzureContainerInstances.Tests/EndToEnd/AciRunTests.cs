using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Bazaar.CallHome;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bazaar.Remotes.AzureContainerInstances.Tests.EndToEnd;

/// <summary>
/// Runs on the real local host with this remote against the fake ARM: each step a real container from the agent's
/// FROM scratch image that fetches its inputs from Azurite, runs, uploads and calls the callback route home; and
/// the ways an attempt goes wrong — a failing command, a job that never calls, one that dies without calling, a
/// cancelled run, a throttled ARM. Every job is deleted in the end, and its container with it.
/// </summary>
public sealed class AciRunTests(AciHostFixture fixture, ITestOutputHelper output) : IClassFixture<AciHostFixture>
{
    private static readonly HashSet<string> Types = ["process", "azure-container-instances"];

    /// <summary>Gets what this machine lacks to run these tests, if anything.</summary>
    public static string? MissingBackend => AciHostFixture.MissingBackend;

    private static RunOptions Options => new() { CallHomeCheck = TimeSpan.FromSeconds(1), TimeoutGrace = TimeSpan.FromSeconds(10) };

    [BackendFact]
    public async Task Run_ExampleGraph_AciStepBetweenTwoProcessStepsWithProductsBothWaysAndTheGroupDeleted()
    {
        // The README's example, as written: the host supplies subscription, resource group, location and image.
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/aci.yaml"), Types);

        var result = await this.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var shout = result.Steps.Single(s => s.Step == "shout");
        var group = ContainerGroupTarget.NameFor(result.RunId, "shout", 1);
        Assert.Equal(group, shout.Job);
        Assert.Equal("HELLO FROM A LOCAL STEP", await this.ReadAsync(result, "result"));
        var calls = this.CallsOf(group);
        Assert.Equal([$"GET {group}", $"PUT {group}"], calls.Take(2));
        Assert.Equal($"DELETE {group}", calls[^1]);
        Assert.False(await fixture.Arm.ContainerExistsAsync(group), "the group's container outlived its deletion");
        Assert.Contains("65532", await this.LogAsync(result.RunId, "shout"), StringComparison.Ordinal); // the agent's unprivileged user
    }

    [BackendFact]
    public async Task Run_CommandFails_StepFailsWithItsExitCodeAndTheGroupIsDeleted()
    {
        var result = await this.RunAsync("""
            name: broken
            steps:
              far:
                remote: { type: azure-container-instances }
                run: echo broke >&2; exit 3
                timeout: 1m
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, 3, FailureKind.StepFailed), (far.State, far.ExitCode, far.Failure));
        Assert.Contains("broke", far.Error, StringComparison.Ordinal);
        Assert.Equal($"DELETE {far.Job}", this.CallsOf(far.Job!)[^1]);
    }

    [BackendFact]
    public async Task Run_JobNeverCalls_TimedOutAtItsDeadlineThenStoppedAndDeleted()
    {
        fixture.Arm.Silent = true;
        try
        {
            var result = await this.RunAsync("""
                name: silent
                steps:
                  far:
                    remote: { type: azure-container-instances }
                    run: hang
                    timeout: 3s
                """);

            var far = Assert.Single(result.Steps);
            Assert.Equal((StepState.Failed, FailureKind.TimedOut, "timeout"), (far.State, far.Failure, far.Behavior));
            Assert.Contains("did not call home", far.Error, StringComparison.Ordinal);
            var calls = this.CallsOf(far.Job!);
            Assert.Equal([$"stop {far.Job}", $"DELETE {far.Job}"], calls.TakeLast(2));
            Assert.False(await fixture.Arm.ContainerExistsAsync(far.Job!));
        }
        finally
        {
            fixture.Arm.Silent = false;
        }
    }

    [BackendFact]
    public async Task Run_ContainerKilledWithoutCalling_TheCheckFindsItDeadAndTheGroupIsDeleted()
    {
        fixture.Arm.Silent = true;
        try
        {
            var (runId, done) = await this.StartAsync("""
                name: dies
                steps:
                  far:
                    remote: { type: azure-container-instances }
                    run: run out of memory
                """);
            var group = ContainerGroupTarget.NameFor(runId, "far", 1);
            await fixture.Arm.WaitRunningAsync(group, TestTimeout.Token(TimeSpan.FromSeconds(60)));
            await FakeArm.DockerAsync("kill", fixture.Arm.ContainerOf(group));

            var result = await done;

            var far = Assert.Single(result.Steps);
            Assert.Equal((StepState.Failed, FailureKind.Infrastructure, 137), (far.State, far.Failure, far.ExitCode));
            Assert.Contains("without calling home", far.Error, StringComparison.Ordinal);
            Assert.Equal($"DELETE {group}", this.CallsOf(group)[^1]);
            Assert.DoesNotContain($"stop {group}", this.CallsOf(group));
        }
        finally
        {
            fixture.Arm.Silent = false;
        }
    }

    [BackendFact]
    public async Task Cancel_WhileTheAgentRuns_GroupStoppedAndDeletedAndTheRunEndsCancelled()
    {
        var (runId, done) = await this.StartAsync("""
            name: cancelled
            steps:
              far:
                remote: { type: azure-container-instances }
                run: sleep 60
            """);
        var group = ContainerGroupTarget.NameFor(runId, "far", 1);
        await fixture.Arm.WaitRunningAsync(group, TestTimeout.Token(TimeSpan.FromSeconds(60)));

        await fixture.Host.Client.RaiseEventAsync(runId, BazaarTasks.CancelEvent, "enough", TestTimeout.Token());
        var result = await done;

        Assert.Equal(StepState.Cancelled, Assert.Single(result.Steps).State);
        Assert.Equal([$"stop {group}", $"DELETE {group}"], this.CallsOf(group).Where(c => !c.StartsWith("GET", StringComparison.Ordinal)).TakeLast(2));
        Assert.False(await fixture.Arm.ContainerExistsAsync(group));
    }

    [BackendFact]
    public async Task Callbacks_ForgedExpiredAndReplayed_RefusedByTheRealRouteWhileTheGenuineOneEndsTheStep()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        fixture.Arm.Silent = true; // the container never calls: the test is the caller
        RemoteStepRequest request;
        Task<RunResult> done;
        string group;
        try
        {
            (var runId, done) = await this.StartAsync("""
                name: attacked
                steps:
                  far:
                    remote: { type: azure-container-instances }
                    run: build
                """);
            group = ContainerGroupTarget.NameFor(runId, "far", 1);
            await fixture.Arm.WaitRunningAsync(group, ct);
            request = fixture.Arm.RequestOf(group);
        }
        finally
        {
            fixture.Arm.Silent = false;
        }

        var genuine = request.CallHome!.Done;
        var claims = new CallbackClaims(request.RunId, request.RunId, request.Step, request.Attempt, CallHomeEvents.Done, DateTimeOffset.UtcNow.AddMinutes(5));
        var forged = new CallbackTokens(Microsoft.Extensions.Options.Options.Create(new CallHomeOptions { Keys = CallbackKeyRing.Parse(CallbackKeyRing.NewSetting()) }), TimeProvider.System).Issue(claims);
        var expired = fixture.Host.Services.GetRequiredService<CallbackTokens>().Issue(claims with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(http, genuine.Url, forged, exitCode: 0, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(http, genuine.Url, expired, exitCode: 0, ct));
        Assert.False(done.IsCompleted, "a refused call ended the step");
        Assert.Equal(HttpStatusCode.Accepted, await CallAsync(http, genuine.Url, genuine.Token, exitCode: 0, ct));
        var result = await done;
        Assert.Equal(HttpStatusCode.Conflict, await CallAsync(http, genuine.Url, genuine.Token, exitCode: 1, ct));

        Assert.Equal(StepState.Succeeded, Assert.Single(result.Steps).State);
        Assert.Equal($"DELETE {group}", this.CallsOf(group)[^1]);
    }

    [BackendFact]
    public async Task Run_ArmThrottlesTheFirstPut_TriedAgainAfterRetryAfterAndTheStepSucceeds()
    {
        fixture.Arm.ThrottlePuts(1);

        var result = await this.RunAsync("""
            name: throttled
            steps:
              far:
                remote: { type: azure-container-instances }
                run: echo made > made.txt
                produces: { made: made.txt }
                timeout: 1m
            """);

        Assert.True(result.Succeeded, Describe(result));
        var group = result.Steps.Single().Job!;
        Assert.Equal("made\n", await this.ReadAsync(result, "made"));
        var calls = fixture.Arm.Calls.ToList();
        var throttled = calls.IndexOf("PUT 429");
        Assert.True(throttled >= 0 && calls.IndexOf($"PUT {group}") > throttled, string.Join(", ", calls));
    }

    [BackendFact]
    public async Task Janitor_GroupOfARunThatEndedWithoutEndingIt_StoppedAndDeleted()
    {
        // A host that died mid-step and a run ended by force (terminated) leave the group running in Azure.
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        fixture.Arm.Silent = true;
        string group;
        try
        {
            var (runId, _) = await this.StartAsync("""
                name: abandoned
                steps:
                  far:
                    remote: { type: azure-container-instances }
                    run: hang
                """);
            group = ContainerGroupTarget.NameFor(runId, "far", 1);
            await fixture.Arm.WaitRunningAsync(group, ct);
            await fixture.Host.Client.TerminateInstanceAsync(runId, "the host died", ct);
            await fixture.Host.Client.WaitForInstanceCompletionAsync(runId, ct);
        }
        finally
        {
            fixture.Arm.Silent = false;
        }

        var sweep = await fixture.Host.Services.GetRequiredService<CallHomeJanitor>().SweepAsync(fixture.Host.Client, ct);

        Assert.Empty(sweep.Failures);
        Assert.True(sweep.Deleted >= 1, $"found {sweep.Found}, deleted {sweep.Deleted}, kept {sweep.Kept}");
        Assert.Equal([$"stop {group}", $"DELETE {group}"], this.CallsOf(group).TakeLast(2));
        Assert.False(await fixture.Arm.ContainerExistsAsync(group));
    }

    private static async Task<HttpStatusCode> CallAsync(HttpClient http, Uri url, string token, int exitCode, CancellationToken ct)
    {
        using var call = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent($$"""{ "exitCode": {{exitCode}} }""", System.Text.Encoding.UTF8, "application/json") };
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await http.SendAsync(call, ct);
        return answer.StatusCode;
    }

    private static string Describe(RunResult result) =>
        string.Join("\n", result.Steps.Select(s => $"{s.Step}: {s.State} {s.Error}"));

    private List<string> CallsOf(string group) => [.. fixture.Arm.Calls.Where(c => c.EndsWith(" " + group, StringComparison.Ordinal))];

    private Task<RunResult> RunAsync(string yaml) => this.RunAsync(GraphFile.Parse(yaml, "test.yaml", Types));

    private async Task<RunResult> RunAsync(GraphDefinition graph)
    {
        var watch = Stopwatch.StartNew();
        output.WriteLine(fixture.StartLog);
        var result = await DurableRuns.RunAsync(fixture.Host, graph, Options, timeout: TimeSpan.FromSeconds(90));
        output.WriteLine($"run {result.RunId} took {watch.Elapsed.TotalSeconds:0.0} s; ARM calls: {string.Join(", ", fixture.Arm.Calls)}");
        return result;
    }

    private async Task<(string RunId, Task<RunResult> Done)> StartAsync(string yaml)
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        var graph = GraphFile.Parse(yaml, "test.yaml", Types);
        var runId = "aci-" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, new RunRequest { RunId = runId, Graph = graph, Options = Options }, new StartOrchestrationOptions { InstanceId = runId }, ct);
        return (runId, WaitAsync(runId, ct));
    }

    private async Task<RunResult> WaitAsync(string runId, CancellationToken ct)
    {
        var metadata = await fixture.Host.Client.WaitForRunAsync(runId, cancellationToken: ct);
        return (await RunResults.ReadAsync(metadata, fixture.Host.Services.GetRequiredService<IStepRecords>(), ct))!;
    }

    private async Task<string> ReadAsync(RunResult result, string product)
    {
        var reference = result.Steps.SelectMany(s => s.Products).Single(p => p.Name == product);
        await using var stream = await fixture.Host.Services.GetRequiredService<IContentStore>().OpenReadAsync(reference, TestTimeout.Token());
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private async Task<string> LogAsync(string runId, string step)
    {
        await using var stream = await fixture.Host.Services.GetRequiredService<IStepLogs>().OpenLogReadAsync(runId, step, 1, 0, TestTimeout.Token());
        using var reader = new StreamReader(stream!);
        return await reader.ReadToEndAsync();
    }
}
