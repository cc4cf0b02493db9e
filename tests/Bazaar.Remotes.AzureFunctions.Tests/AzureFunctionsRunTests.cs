using Bazaar.CallHome;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.AzureFunctions.Tests;

/// <summary>
/// Whole runs on the local durable host against the example step function on Kestrel: each of the three ways a
/// function answers (at once, a status URL polled on durable timers, call-home), products both ways, and the ways a
/// call goes wrong (a wrong key, an answer that is not the protocol's, a run cancelled while polling).
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class AzureFunctionsRunTests(FunctionsFixture fixture)
{
    private static readonly HashSet<string> Types = ["process", "azure-functions"];

    public static string? MissingBackend => TestRequirements.MissingAzurite;

    private static RunOptions Options => new() { CallHomeCheck = TimeSpan.FromSeconds(1), TimeoutGrace = TimeSpan.FromSeconds(10) };

    [BackendFact]
    public async Task Run_ExampleGraph_AnsweredAtOnceWithProductsBothWays()
    {
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/azure-functions.yaml"), Types);

        var result = await DurableRuns.RunAsync(fixture.Host, graph, Options, timeout: TimeSpan.FromSeconds(90));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("HELLO FROM A LOCAL STEP!", await DurableRuns.ReadProductAsync(fixture.Host, result, "result"));
        var shout = result.Steps.Single(s => s.Step == "shout");
        Assert.Equal("azure-functions", shout.Remote);
        Assert.Contains("POST /api/bazaar-step +key", fixture.Functions.Calls);
    }

    [BackendFact]
    public async Task Run_OnAHostThatTakesNoCalls_TheFunctionAnswersAtOnceWithNoCallbackOffered()
    {
        // As `bazaar run` hosts it: call-home keys but no callback address. A function that answers needs none.
        await using var host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = fixture.Storage, TaskHub = "azfnrun" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote()
                .AddAzureFunctionsRemote(fixture.Configure)
                .AddCallHome(o => o.Keys = CallbackKeyRing.Parse(CallbackKeyRing.NewSetting())));
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/azure-functions.yaml"), Types);

        var result = await DurableRuns.RunAsync(host, graph, Options, timeout: TimeSpan.FromSeconds(90));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("HELLO FROM A LOCAL STEP!", await DurableRuns.ReadProductAsync(host, result, "result"));
    }

    [BackendFact]
    public async Task Run_StepPastTheSynchronousLimit_Answers202AndIsPolledUntilItsAnswer()
    {
        var result = await RunAsync("""
            name: polled
            steps:
              seed:
                run: printf 'slow' > in.txt
                produces: { in: in.txt }
              far:
                remote: { type: azure-functions, function: bazaar-step-async }
                run: sleep 3; tr a-z A-Z < in > out.txt
                consumes: [in]
                produces: { out: out.txt }
                timeout: 1m
            """);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("SLOW", await DurableRuns.ReadProductAsync(fixture.Host, result, "out"));
        var far = result.Steps.Single(s => s.Step == "far");

        // The status URL is kept without its code, and polled with the host's key instead.
        Assert.StartsWith(fixture.Functions.BaseUrl + "bazaar-step-async/status/", far.Job, StringComparison.Ordinal);
        Assert.DoesNotContain(FunctionApp.LocationCode, far.Job, StringComparison.Ordinal);
        var id = far.Job![(far.Job!.LastIndexOf('/') + 1)..];
        var polls = fixture.Functions.CallsTo("/api/bazaar-step-async/status/" + id);
        Assert.True(polls.Count >= 2, string.Join(", ", polls)); // 202 while it ran, then 200 (and once more, read by the activity)
        Assert.All(polls, p => Assert.Equal($"GET /api/bazaar-step-async/status/{id} +key", p));
        Assert.DoesNotContain(FunctionApp.LocationCode, await DurableRuns.ReadLogAsync(fixture.Host, result.RunId, "far"), StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Run_FunctionTakesTheCallback_TheRunWaitsForItsCallWithProductsBothWays()
    {
        var result = await RunAsync("""
            name: called
            steps:
              seed:
                run: printf 'home' > in.txt
                produces: { in: in.txt }
              far:
                remote: { type: azure-functions, function: bazaar-step-callhome }
                run: tr a-z A-Z < in > out.txt
                consumes: [in]
                produces: { out: out.txt }
                timeout: 1m
            """);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("HOME", await DurableRuns.ReadProductAsync(fixture.Host, result, "out"));
        Assert.Equal(AzureFunctionsRemote.CallbackJobPrefix + fixture.Functions.BaseUrl + "bazaar-step-callhome", result.Steps.Single(s => s.Step == "far").Job);
    }

    [BackendFact]
    public async Task Run_CommandFails_StepFailsWithItsExitCodeAndLog()
    {
        var result = await RunAsync("""
            name: broken
            steps:
              far:
                remote: { type: azure-functions, function: bazaar-step }
                run: echo broke >&2; exit 3
                timeout: 1m
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, 3, FailureKind.StepFailed), (far.State, far.ExitCode, far.Failure));
        Assert.Contains("broke", far.Error, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Run_WrongKey_FailsAsMisconfiguredOnceNotRetriedAndTheKeyIsNotShown()
    {
        var result = await RunAsync("""
            name: locked
            steps:
              far:
                remote: { type: azure-functions, function: locked }
                run: echo never
                retry: { attempts: 3, backoff: 1s }
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.Misconfigured, 1), (far.State, far.Failure, far.Attempts));
        Assert.Contains("answered 401", far.Error, StringComparison.Ordinal);
        Assert.Contains(AzureFunctionsRemoteOptions.KeyVariable, far.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(FunctionApp.Key, far.Error, StringComparison.Ordinal);
        Assert.Single(fixture.Functions.CallsTo("/api/locked"));
    }

    [BackendFact]
    public async Task Run_FunctionAnswersGarbage_FailsQuotingItsFirstBytesWithoutSecrets()
    {
        var result = await RunAsync("""
            name: garbage
            steps:
              far:
                remote: { type: azure-functions, function: garbage }
                run: echo never
                retry: { attempts: 3, backoff: 1s }
            """);

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.Misconfigured, 1), (far.State, far.Failure, far.Attempts));
        Assert.Contains("not a remote step protocol response: \"<html><body>Function host is starting\\nsee https://x.example/p?…", far.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETSIG", far.Error, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Cancel_WhilePolling_RunEndsCancelledAndTheStatusUrlIsAskedToStop()
    {
        var graph = GraphFile.Parse("""
            name: cancelled
            steps:
              far:
                remote: { type: azure-functions, function: bazaar-step-async }
                run: sleep 60
            """, "test.yaml", Types);
        var (runId, done) = await DurableRuns.StartAsync(fixture.Host, graph, Options, "azfn-", TimeSpan.FromSeconds(90));
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        while (!await this.PolledAsync(runId, ct))
        {
            await Task.Delay(100, ct);
        }

        await fixture.Host.Client.RaiseEventAsync(runId, BazaarTasks.CancelEvent, "enough", ct);
        var result = await done;

        var far = Assert.Single(result.Steps);
        Assert.Equal(StepState.Cancelled, far.State);
        Assert.Contains($"DELETE {new Uri(far.Job!).AbsolutePath} +key", fixture.Functions.Calls);
    }

    private async Task<bool> PolledAsync(string runId, CancellationToken ct)
    {
        // The run's job is in its running record once submitted; its status URL is polled after.
        var record = await fixture.Host.Services.GetRequiredService<IStepRecords>().GetStepRecordAsync(runId, "far", ct);
        return record?.Job is { } job && fixture.Functions.Calls.Any(c => c.StartsWith("GET " + new Uri(job).AbsolutePath, StringComparison.Ordinal));
    }

    private static string Describe(RunResult result) =>
        string.Join("; ", result.Steps.Select(s => $"{s.Step}: {s.State} {s.Failure} {s.Error}"));

    private Task<RunResult> RunAsync(string yaml) =>
        DurableRuns.RunAsync(fixture.Host, GraphFile.Parse(yaml, "test.yaml", Types), Options, timeout: TimeSpan.FromSeconds(90));
}
