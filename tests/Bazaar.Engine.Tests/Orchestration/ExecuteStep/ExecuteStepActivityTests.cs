using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>
/// The step pipeline end to end on the in-memory store: inputs in, outputs stored by digest, the
/// step record and log written, failures that name what is wrong, a cancelled run.
/// </summary>
public sealed class ExecuteStepActivityTests : IDisposable
{
    private readonly ExecuteStepHarness harness = new();

    public void Dispose() => this.harness.Dispose();

    [Fact]
    public async Task RunAsync_StepConsumesAFileAndAFolder_RemoteFindsEachMaterializedAtItsName()
    {
        await this.harness.PutFileAsync("run1", "notes", "some notes");
        await this.harness.PutFolderAsync("run1", "tree", new Dictionary<string, string> { ["a.txt"] = "A", ["sub/b.txt"] = "B" });
        var seen = new Dictionary<string, string>();
        var remote = ScriptedRemote.InWorkspace(async (folder, _) =>
        {
            foreach (var file in new[] { "notes", "tree/a.txt", "tree/sub/b.txt" })
            {
                seen[file] = await File.ReadAllTextAsync(Path.Combine(folder, file));
            }
        });

        var result = await this.harness.RunAsync(remote, ExecuteStepHarness.Step(consumes: ["notes", "tree"]));

        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Equal(new Dictionary<string, string> { ["notes"] = "some notes", ["tree/a.txt"] = "A", ["tree/sub/b.txt"] = "B" }, seen);
    }

    [Fact]
    public async Task RunAsync_StepWritesItsOutputs_EachIsStoredByTheDigestOfItsContentAndTheRunHasIt()
    {
        var ct = TestTimeout.Token();
        var remote = ScriptedRemote.InWorkspace(async (folder, _) =>
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "report.txt"), "all good");
            Directory.CreateDirectory(Path.Combine(folder, "site"));
            await File.WriteAllTextAsync(Path.Combine(folder, "site", "index.html"), "<p>hi</p>");
        });
        var step = ExecuteStepHarness.Step(produces: [new ProductOutput("report", "report.txt"), new ProductOutput("site", "site/")]);

        var result = await this.harness.RunAsync(remote, step);

        Assert.Equal(StepState.Succeeded, result.State);
        var report = result.Products.Single(p => p.Name == "report");
        Assert.Equal(TestDigests.Of("all good"), report.Digest);
        Assert.Equal(ProductKind.File, report.Kind);
        Assert.Equal(new ProductProducer("run1", "s", 1, ScriptedRemote.TypeName), report.Producer);
        Assert.Equal("all good", await this.harness.ReadTextAsync(report));
        Assert.Equal(report, await this.harness.Store.GetAsync("run1", "report", ct));

        var site = result.Products.Single(p => p.Name == "site");
        Assert.Equal(ProductKind.Directory, site.Kind);
        Assert.Equal(site, await this.harness.Store.GetAsync("run1", "site", ct));
        using var copy = new TempDirectory();
        await this.harness.Store.MaterializeAsync(site, copy["site"], ct);
        Assert.Equal("<p>hi</p>", await File.ReadAllTextAsync(copy["site/index.html"], ct));
    }

    [Fact]
    public async Task RunAsync_StepRuns_ItsRecordSaysRunningMeanwhileAndHowItEndedAfterwards()
    {
        var ct = TestTimeout.Token();
        StepResult? during = null;
        var remote = new ScriptedRemote(async (context, token) =>
        {
            during = await this.harness.Store.GetStepRecordAsync("run1", "s", token);
            await context.Log.WriteLineAsync("working on it", token);
            return RemoteResult.Success;
        });

        var result = await this.harness.RunAsync(remote, ExecuteStepHarness.Step());

        Assert.Equal(StepState.Running, during?.State);
        var record = await this.harness.Store.GetStepRecordAsync("run1", "s", ct);
        Assert.NotNull(record);
        Assert.Equal(StepState.Succeeded, record.State);
        Assert.Equal(result.State, record.State);
        Assert.Equal(ScriptedRemote.TypeName, record.Remote);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(0, record.ExitCode);
        Assert.True(record.EndedAt >= record.StartedAt);
        Assert.Equal(this.harness.Store.GetLogLocation("run1", "s", 1), record.Log);
        Assert.Contains("working on it\n", await this.harness.ReadLogAsync("run1", "s"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StepDoesNotWriteADeclaredOutput_FailsNamingItAndTheRunGetsNoneOfItsOutputs()
    {
        var ct = TestTimeout.Token();
        var remote = ScriptedRemote.InWorkspace((folder, _) => File.WriteAllTextAsync(Path.Combine(folder, "made.txt"), "here"));
        var step = ExecuteStepHarness.Step(produces: [new ProductOutput("made", "made.txt"), new ProductOutput("missing", "missing.txt")]);

        var result = await this.harness.RunAsync(remote, step);

        Assert.Equal(StepState.Failed, result.State);
        Assert.False(result.Retryable);
        Assert.Contains("'missing' at 'missing.txt'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'made'", result.Error, StringComparison.Ordinal);
        Assert.Null(await this.harness.Store.GetAsync("run1", "made", ct));
        Assert.Equal(StepState.Failed, (await this.harness.Store.GetStepRecordAsync("run1", "s", ct))?.State);
        Assert.Contains("'missing' at 'missing.txt'", await this.harness.ReadLogAsync("run1", "s"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConsumedProductNotInTheRun_FailsNamingItAndTheRemoteNeverRuns()
    {
        await this.harness.PutFileAsync("run1", "there", "x");
        var remote = ScriptedRemote.InWorkspace((_, _) => Task.CompletedTask);

        var result = await this.harness.RunAsync(remote, ExecuteStepHarness.Step(consumes: ["there", "absent"], cache: true));

        Assert.Equal(StepState.Failed, result.State);
        Assert.Contains("'absent'", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, remote.Runs);
    }

    [Fact]
    public async Task RunAsync_StepWithoutRun_MakesItsMarkersExistAndWritesNoLog()
    {
        var remote = ScriptedRemote.InWorkspace((_, _) => Task.CompletedTask);
        var step = ExecuteStepHarness.Step(produces: [new ProductOutput("done", null)]) with { Run = null };

        var result = await this.harness.RunAsync(remote, step);

        Assert.Equal(StepState.Succeeded, result.State);
        var marker = await this.harness.Store.GetAsync("run1", "done", TestTimeout.Token());
        Assert.Equal(ProductKind.Marker, marker?.Kind);
        Assert.Equal(0, marker?.Size);
        Assert.Null(await this.harness.ReadLogAsync("run1", "s"));
        Assert.Equal(0, remote.Runs);

        // Its marker's ref is its record (MarkerSteps): one write, no step record.
        Assert.Null(await this.harness.Store.GetStepRecordAsync("run1", "s", TestTimeout.Token()));
        Assert.Equal(new ProductProducer("run1", "s", 1, step.Remote.Type), marker?.Producer);
        Assert.Equal(StepState.Succeeded, MarkerSteps.RecordOf("run1", step, name => name == "done" ? marker : null)?.State);
    }

    [Fact]
    public async Task RunAsync_StepWithoutRunRetried_WritesItsRecordOverTheFailedAttempts()
    {
        var step = ExecuteStepHarness.Step(produces: [new ProductOutput("done", null)]) with { Run = null };
        await this.harness.Store.WriteStepRecordAsync("run1", new StepResult { Step = "s", State = StepState.Failed, Attempts = 1, Error = "storage was down" }, TestTimeout.Token());

        var result = await this.harness.RunAsync(ScriptedRemote.InWorkspace((_, _) => Task.CompletedTask), step, attempt: 2);

        Assert.Equal(StepState.Succeeded, result.State);
        var record = await this.harness.Store.GetStepRecordAsync("run1", "s", TestTimeout.Token());
        Assert.Equal(StepState.Succeeded, record?.State);
        Assert.Equal(2, record?.Attempts);
    }

    [Fact]
    public async Task RunAsync_RunCancelledWhileTheStepRuns_StepEndsCancelledSayingWhy()
    {
        this.harness.Options.CancelPollInterval = TimeSpan.FromMilliseconds(20);
        var remote = new ScriptedRemote(async (_, token) =>
        {
            await this.harness.Store.RequestCancelAsync("run1", "no longer needed", token);
            await Task.Delay(Timeout.Infinite, token);
            return RemoteResult.Success;
        });

        var result = await this.harness.RunAsync(remote, ExecuteStepHarness.Step());

        Assert.Equal(StepState.Cancelled, result.State);
        Assert.Contains("no longer needed", result.Error, StringComparison.Ordinal);
    }
}
