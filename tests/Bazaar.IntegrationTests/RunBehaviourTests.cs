using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests;

/// <summary>
/// Cache, skip-if-redundant (rerun), retry and timeout on the real durable host. Executions are
/// counted with marker files each step appends to outside its workspace, never with time.
/// </summary>
[Collection(DurableHostCollection.Name)]
public sealed class RunBehaviourTests(DurableHostFixture fixture) : IDisposable
{
    private readonly TempDirectory temp = new();

    private string Marks => this.temp.Path;

    [Fact]
    public async Task Run_CachedGraphTwice_SecondRunExecutesNothingAndGivesTheSameProducts()
    {
        var graph = fixture.Graph($$"""
            name: cached
            cache: true
            steps:
              make:
                run: echo run >> {{this.Marks}}/make; echo made > made.txt
                produces: { made: made.txt }
              use:
                run: echo run >> {{this.Marks}}/use; cat made made > used.txt
                consumes: [made]
                produces: { used: used.txt }
            """);

        var first = await fixture.RunAsync(graph);
        var second = await fixture.RunAsync(graph);

        Assert.True(first.Succeeded && second.Succeeded, Describe(second));
        Assert.All(first.Steps, s => Assert.Equal(StepState.Succeeded, s.State));
        Assert.All(second.Steps, s => Assert.Equal((StepState.Cached, "cache"), (s.State, s.Behavior)));
        Assert.Equal(1, this.Executions("make"));
        Assert.Equal(1, this.Executions("use"));
        Assert.Equal(first.Steps[1].Products[0].Digest, second.Steps[1].Products[0].Digest);
        Assert.Equal("made\nmade\n", await fixture.ReadTextAsync((await fixture.Refs.GetAsync(second.RunId, "used", TestTimeout.Token()))!));
        Assert.Contains(first.RunId, second.Steps[0].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OneInputChanged_ReRunsExactlyItsDownstreamSteps()
    {
        var graph = fixture.Graph($$"""
            name: partial
            cache: true
            inputs: [a, b]
            steps:
              from-a:
                run: echo run >> {{this.Marks}}/from-a; cp a out
                consumes: [a]
                produces: { pa: out }
              from-b:
                run: echo run >> {{this.Marks}}/from-b; cp b out
                consumes: [b]
                produces: { pb: out }
              join:
                run: echo run >> {{this.Marks}}/join; cat pa pb > out
                consumes: [pa, pb]
                produces: { joined: out }
              after-b:
                run: echo run >> {{this.Marks}}/after-b; cp pb out
                consumes: [pb]
                produces: { pb2: out }
            """);
        var a1 = this.temp.Write("a1", "one");
        var a2 = this.temp.Write("a2", "two");
        var b = this.temp.Write("b", "bee");

        await fixture.RunAsync(graph, inputs: new Dictionary<string, string> { ["a"] = a1, ["b"] = b });
        var second = await fixture.RunAsync(graph, inputs: new Dictionary<string, string> { ["a"] = a2, ["b"] = b });

        Assert.True(second.Succeeded, Describe(second));
        Assert.Equal(
            [("from-a", StepState.Succeeded), ("from-b", StepState.Cached), ("join", StepState.Succeeded), ("after-b", StepState.Cached)],
            second.Steps.Select(s => (s.Step, s.State)));
        Assert.Equal((2, 1, 2, 1), (this.Executions("from-a"), this.Executions("from-b"), this.Executions("join"), this.Executions("after-b")));
        Assert.Equal("twobee", await fixture.ReadTextAsync(second.Steps[2].Products[0]));
    }

    [Fact]
    public async Task Run_CacheEntryWhoseContentIsGone_IsAMissAndTheStepRuns()
    {
        var graph = fixture.Graph($$"""
            name: gone
            steps:
              make:
                run: echo run >> {{this.Marks}}/make; echo {{Guid.NewGuid():N}} > out
                produces: { out: out }
                cache: true
            """);
        var first = await fixture.RunAsync(graph);
        var blob = new Azure.Storage.Blobs.BlobContainerClient(fixture.ConnectionString, "bazaar")
            .GetBlobClient("cas/sha256/" + first.Steps[0].Products[0].Digest["sha256:".Length..]);
        await blob.DeleteAsync(cancellationToken: TestTimeout.Token());

        var second = await fixture.RunAsync(graph);

        Assert.Equal(StepState.Succeeded, second.Steps[0].State);
        Assert.Equal(2, this.Executions("make"));
    }

    [Fact]
    public async Task Run_StepFailingTwiceUnderRetryOnAny_SucceedsOnTheThirdTry()
    {
        var graph = fixture.Graph($$"""
            name: flaky
            steps:
              flaky:
                run: |
                  echo run >> {{this.Marks}}/flaky
                  [ "$(wc -l < {{this.Marks}}/flaky)" -ge 3 ] || { echo "not yet" >&2; exit 1; }
                retry: { attempts: 4, backoff: 100ms, on: any }
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal((StepState.Succeeded, 3, "retry"), (step.State, step.Attempts, step.Behavior));
        Assert.Equal("succeeded on try 3 of 4", step.Note);
        Assert.Equal(3, this.Executions("flaky"));
        foreach (var attempt in new[] { 1, 2, 3 })
        {
            Assert.NotNull(await fixture.Logs.OpenLogReadAsync(result.RunId, "flaky", attempt, 0, TestTimeout.Token()));
        }
    }

    [Fact]
    public async Task Run_RetryWithABackoffUnderASecond_WaitsAtLeastTheBackoffBetweenTries()
    {
        // A durable timer is a queue message whose delay the queue takes in whole seconds: asked for
        // less than a second, it fired at once, and the retry did not wait.
        var graph = fixture.Graph($$"""
            name: patient
            steps:
              patient:
                run: |
                  date +%s.%N >> {{this.Marks}}/patient
                  [ "$(wc -l < {{this.Marks}}/patient)" -ge 2 ] || exit 1
                retry: { attempts: 2, backoff: 800ms, on: any }
            """);

        var result = await fixture.RunAsync(graph);

        Assert.Equal((StepState.Succeeded, 2), (result.Steps[0].State, result.Steps[0].Attempts));
        var tries = (await File.ReadAllLinesAsync(Path.Combine(this.Marks, "patient"))).Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(tries[1] - tries[0] >= 0.8, $"the second try came {tries[1] - tries[0]:0.000} s after the first; the backoff is 0.8 s");
    }

    [Fact]
    public async Task Run_NonZeroExitUnderDefaultRetry_IsNotRetried()
    {
        var graph = fixture.Graph($$"""
            name: exits
            steps:
              exits:
                run: echo run >> {{this.Marks}}/exits; exit 2
                retry: { attempts: 3 }
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, 1), (step.State, step.Attempts));
        Assert.False(step.Retryable);
        Assert.Equal(1, this.Executions("exits"));
    }

    [Fact]
    public async Task Run_SecretThisHostDoesNotHaveUnderRetryOnAny_IsMisconfiguredAndTriedOnce()
    {
        // A configuration failure: the host does not share (or have) the secret, and another try
        // would find it missing again — so not even retry: { on: any } tries again.
        var secret = "TEST_NEVER_SET_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        var graph = fixture.Graph($$"""
            name: no-secret
            steps:
              needs:
                run: echo run >> {{this.Marks}}/needs
                secrets: [{{secret}}]
                retry: { attempts: 3, backoff: 100ms, on: any }
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal<(StepState, FailureKind?, int)>((StepState.Failed, FailureKind.Misconfigured, 1), (step.State, step.Failure, step.Attempts));
        Assert.False(step.Retryable);
        Assert.Contains("not tried again", step.Note, StringComparison.Ordinal);
        Assert.Equal(0, this.Executions("needs"));
    }

    [Fact]
    public async Task Run_ProgramNotFoundUnderRetryOnAny_IsTheStepsFailureAndTriedAgain()
    {
        // A program that is not there is the step's failure (127, as a shell says), not a
        // misconfigured remote: it may come from a product or a PATH the step sets. So on: any retries it…
        var graph = fixture.Graph("""
            name: no-program
            steps:
              missing:
                run: [bazaar-no-such-program-anywhere]
                retry: { attempts: 2, backoff: 100ms, on: any }
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal<(StepState, FailureKind?, int?, int)>((StepState.Failed, FailureKind.StepFailed, 127, 2), (step.State, step.Failure, step.ExitCode, step.Attempts));

        // …and the default retries only what another try may mend by itself.
        var once = await fixture.RunAsync(graph with { Steps = [graph.Steps[0] with { Retry = new RetryPolicy(2, TimeSpan.FromMilliseconds(100)) }] });
        Assert.Equal(1, Assert.Single(once.Steps).Attempts);
    }

    [Fact]
    public async Task Run_TimeoutUnderDefaultRetry_KillsTheTreeAndTriesAgain()
    {
        var graph = fixture.Graph($$"""
            name: slow
            steps:
              slow:
                run: |
                  echo run >> {{this.Marks}}/slow
                  sh -c 'echo $$ >> {{this.Marks}}/children; exec sleep 60' &
                  sleep 60
                timeout: 1s
                retry: { attempts: 2 }
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, 2, "timeout"), (step.State, step.Attempts, step.Behavior));
        Assert.True(step.Retryable);
        Assert.Equal(2, this.Executions("slow"));
        foreach (var pid in File.ReadAllLines(Path.Combine(this.Marks, "children")).Select(int.Parse))
        {
            Assert.False(IsRunning(pid), $"the step's child {pid} outlived the timeout");
        }
    }

    [Fact]
    public async Task Run_RemoteIgnoringItsTimeout_TheOrchestratorsBackstopEndsTheStep()
    {
        var graph = fixture.Graph($$"""
            name: hung
            steps:
              hung:
                run: [anything]
                remote: {{IgnoresTimeoutRemote.TypeName}}
                timeout: 1s
              after:
                run: [true]
                consumes: [x]
              x-maker:
                run: [true]
                produces: [x]
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await fixture.RunAsync(graph, new RunOptions { TimeoutGrace = TimeSpan.FromSeconds(1), FailurePolicy = FailurePolicy.Continue });

        var step = result.Steps[0];
        Assert.Equal((StepState.Failed, "timeout-backstop"), (step.State, step.Behavior));
        Assert.Contains("did not stop it", step.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the backstop took {clock.Elapsed}");
        Assert.Equal(StepState.Succeeded, result.Steps[1].State);
    }

    [Fact]
    public async Task Rerun_AfterAFailure_ExecutesOnlyTheFailedStepAndItsDependents()
    {
        var fixedMarker = Path.Combine(this.Marks, "fixed");
        var graph = fixture.Graph($$"""
            name: rerun
            steps:
              a:
                run: echo run >> {{this.Marks}}/a; echo a > out
                produces: { pa: out }
              b:
                run: echo run >> {{this.Marks}}/b; test -e {{fixedMarker}} && cat pa > out
                consumes: [pa]
                produces: { pb: out }
              c:
                run: echo run >> {{this.Marks}}/c; cat pb > out
                consumes: [pb]
                produces: { pc: out }
              d:
                run: echo run >> {{this.Marks}}/d; echo d > out
                produces: { pd: out }
              e:
                run: echo run >> {{this.Marks}}/e
                consumes: [pd]
            """);
        var failed = await fixture.RunAsync(graph, new RunOptions { FailurePolicy = FailurePolicy.Continue });
        Assert.Equal(StepState.Failed, failed.Steps[1].State);
        File.WriteAllText(fixedMarker, string.Empty);

        var rerun = await fixture.RerunAsync(failed.RunId);

        Assert.True(rerun.Succeeded, Describe(rerun));
        Assert.Equal(
            [("a", StepState.Reused), ("b", StepState.Succeeded), ("c", StepState.Succeeded), ("d", StepState.Reused), ("e", StepState.Reused)],
            rerun.Steps.Select(s => (s.Step, s.State)));
        Assert.Equal((1, 2, 1, 1, 1), (this.Executions("a"), this.Executions("b"), this.Executions("c"), this.Executions("d"), this.Executions("e")));
        Assert.All(rerun.Steps.Where(s => s.State == StepState.Reused), s => Assert.Equal("skip-if-redundant", s.Behavior));
        Assert.Equal("a\n", await fixture.ReadTextAsync(rerun.Steps[2].Products[0]));
        Assert.Equal(failed.RunId, (await fixture.Refs.GetAsync(rerun.RunId, "pa", TestTimeout.Token()))!.Producer.RunId);
    }

    public void Dispose() => this.temp.Dispose();

    private int Executions(string step)
    {
        var path = Path.Combine(this.Marks, step);
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }

    // A killed child whose parent is gone may stay a zombie until something reaps it; it runs no more.
    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Trim()[0] is not ('Z' or 'X');

    private static string Describe(RunResult result) =>
        string.Join("\n", result.Steps.Select(s => $"{s.Step}: {s.State} {s.Behavior} {s.Error}"));
}
