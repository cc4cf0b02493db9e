using System.Text.Json;
using Bazaar.Testing;

namespace Bazaar.Cli.Tests;

/// <summary>
/// What a run makes stays: flows that span commands, each command a separate process that starts
/// and stops its own storage emulator (no fixture keeps one alive between them), as a person types
/// them. Each test has its own BAZAAR_HOME (the emulator's data) and ports.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // signals, process groups and Unix file modes are part of what is tested
public sealed class CliSessionTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly int port = FreePorts.Consecutive(3);

    private Dictionary<string, string> Environment => new()
    {
        ["BAZAAR_HOME"] = this.temp["home"],
        ["BAZAAR_AZURITE_PORT"] = this.port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BAZAAR_STORAGE"] = string.Empty,
        ["BAZAAR_STORAGE_ACCOUNT_URL"] = string.Empty,
        ["BAZAAR_TASK_HUB"] = string.Empty,
        ["BAZAAR_CONTAINER"] = string.Empty,
    };

    [Fact]
    public async Task RunThenProductsGet_EachWithItsOwnEmulator_TheProductsBytesComeBack()
    {
        var run = await this.BazaarAsync(RepositoryRoot.Path, "run", "examples/hello.yaml", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var runId = RunIdOf(run);

        var get = await this.BazaarAsync(this.temp.Path, "products", "get", runId, "greeting", "-o", "greeting.txt");

        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("hello, bazaar\n", File.ReadAllText(this.temp["greeting.txt"]));
        Assert.Contains("Started Azurite", get.Stderr, StringComparison.Ordinal); // its own emulator, not the run's
    }

    [Fact]
    public async Task RunTwiceWithCache_SecondRunExecutesNothing_EveryStepCached()
    {
        var marks = this.temp["marks"];
        var graph = this.temp.Write("cached.yaml", $$"""
            name: cached
            cache: true
            steps:
              make:
                run: echo make >> {{marks}}; echo made > out
                produces: { made: out }
              use:
                run: echo use >> {{marks}}; tr a-z A-Z < made > out
                consumes: [made]
                produces: { used: out }
            """);

        var first = await this.BazaarAsync(this.temp.Path, "run", graph, "--json");
        var second = await this.BazaarAsync(this.temp.Path, "run", graph, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(["make", "use"], File.ReadAllLines(marks));
        Assert.All(Steps(second), s => Assert.Equal("Cached", s.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task FailedRunThenRerun_OnlyTheFailedStepAndItsDownstreamExecute()
    {
        var marks = this.temp["marks"];
        var flag = this.temp["fixed"];
        var graph = this.temp.Write("again.yaml", $$"""
            name: again
            steps:
              first:
                run: echo first >> {{marks}}; echo one > out
                produces: { p: out }
              aside:
                run: echo aside >> {{marks}}; echo two > out
                produces: { s: out }
              second:
                run: echo second >> {{marks}}; test -e {{flag}} && cat p > out
                consumes: [p]
                produces: { q: out }
              third:
                run: echo third >> {{marks}}; cat q > out
                consumes: [q]
                produces: { r: out }
            """);
        var failed = await this.BazaarAsync(this.temp.Path, "run", graph, "--json", "--failure-policy", "continue");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        File.WriteAllText(marks, string.Empty);
        File.WriteAllText(flag, string.Empty);

        var rerun = await this.BazaarAsync(this.temp.Path, "rerun", RunIdOf(failed), "--json");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(["second", "third"], File.ReadAllLines(marks));
        var states = Steps(rerun).ToDictionary(s => s.GetProperty("step").GetString()!, s => s.GetProperty("state").GetString());
        Assert.Equal("Reused", states["first"]);
        Assert.Equal("Reused", states["aside"]);
        Assert.Equal("Succeeded", states["third"]);
    }

    [Fact]
    public async Task RunInOneProcess_StatusLogsAndCancelFromOthers_TheRunEndsCancelled()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(240));
        var graph = this.temp.Write("long.yaml", """
            name: long
            steps:
              talk:
                run: echo one; echo two; sleep 600
                produces: { said: }
              later:
                run: echo never
                consumes: [said]
            """);
        using var run = CliProcess.Start(this.Environment, this.temp.Path, "run", graph);
        await run.WaitForOutputAsync("talk running", ct);
        var runId = StartedRunId(run);

        var status = await this.BazaarAsync(this.temp.Path, "status", runId, "--json");
        var logs = await this.BazaarAsync(this.temp.Path, "logs", runId, "talk");
        var runs = await this.BazaarAsync(this.temp.Path, "runs", "--state", "Running");
        var cancel = await this.BazaarAsync(this.temp.Path, "cancel", runId, "--reason", "enough");
        var ended = await run.WaitAsync(ct);

        Assert.True(status.ExitCode == 0, status.ToString());
        using (var view = JsonDocument.Parse(status.Stdout))
        {
            Assert.Equal("Running", view.RootElement.GetProperty("state").GetString());
        }

        Assert.Contains("Sharing Azurite", status.Stderr, StringComparison.Ordinal); // the run's emulator, left running for it
        Assert.True(logs.ExitCode == 0 && logs.Stdout.Contains("one\ntwo\n", StringComparison.Ordinal), logs.ToString());
        Assert.Contains(runId, runs.Stdout, StringComparison.Ordinal);
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.True(ended.ExitCode == 1, ended.ToString());
        Assert.Contains("cancelled", ended.Stdout, StringComparison.OrdinalIgnoreCase);
        this.AssertEmulatorStopped();

        var after = await this.BazaarAsync(this.temp.Path, "status", runId, "--json");
        using var final = JsonDocument.Parse(after.Stdout);
        Assert.Equal("Cancelled", final.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task LogsFollow_RunningStep_PrintsItAsItGrowsUntilTheStepEnds()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(240));
        var release = this.temp["release"];
        var graph = this.temp.Write("slow.yaml", $$"""
            name: slow
            steps:
              talk:
                run: echo before; while [ ! -e {{release}} ]; do sleep 0.1; done; echo after
            """);
        using var run = CliProcess.Start(this.Environment, this.temp.Path, "run", graph);
        await run.WaitForOutputAsync("talk running", ct);
        var runId = StartedRunId(run);

        using var follow = CliProcess.Start(this.Environment, this.temp.Path, "logs", runId, "talk", "--follow");
        await follow.WaitForOutputAsync("before", ct);
        File.WriteAllText(release, string.Empty);
        var followed = await follow.WaitAsync(ct);
        var ended = await run.WaitAsync(ct);

        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Equal("before\nafter\n", followed.Stdout);
        Assert.True(ended.ExitCode == 0, ended.ToString());
    }

    [Fact]
    public async Task RunInterruptedWithSigterm_ExitsInterruptedAndStopsItsEmulatorGracefully()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(180));
        var graph = this.temp.Write("sleepy.yaml", """
            name: sleepy
            steps:
              nap:
                run: sleep 600
            """);
        using var run = CliProcess.Start(this.Environment, this.temp.Path, "run", graph);
        await run.WaitForOutputAsync("nap running", ct);
        var runId = StartedRunId(run);

        await run.SignalAsync("TERM", ct);
        var ended = await run.WaitAsync(ct);

        Assert.True(ended.ExitCode == 130, ended.ToString());
        this.AssertEmulatorStopped();
        var runs = await this.BazaarAsync(this.temp.Path, "runs", "--json");
        Assert.Contains(runId, runs.Stdout, StringComparison.Ordinal); // what the run wrote survived the stop
    }

    [Fact]
    public async Task ServeKilledWithSigkill_TheNextCommandAdoptsItsEmulatorAndStopsIt()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(180));
        using var serve = CliProcess.Start(this.Environment, this.temp.Path, "serve", "--urls", "http://127.0.0.1:0");
        await serve.WaitForOutputAsync("Listening on", ct);
        await serve.SignalAsync("KILL", ct);
        await serve.WaitAsync(ct);
        Assert.True(FreePorts.IsListening(this.port), "a serve killed outright cannot stop its emulator");

        var runs = await this.BazaarAsync(this.temp.Path, "runs");

        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.Contains("Adopted Azurite", runs.Stderr, StringComparison.Ordinal);
        this.AssertEmulatorStopped();
    }

    [Fact]
    public async Task Emulator_StartedByBazaar_RefusesTheWellKnownDevelopmentKey()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        using var serve = CliProcess.Start(this.Environment, this.temp.Path, "serve", "--urls", "http://127.0.0.1:0");
        await serve.WaitForOutputAsync("Listening on", ct);
        var keyFile = Path.Combine(this.temp["home"], "azurite.key");
        var endpoints = Bazaar.Hosting.AzuriteProcess.BuildConnectionString(this.port, this.port + 1, this.port + 2);
        var ours = Bazaar.Hosting.AzuriteProcess.BuildConnectionString(this.port, this.port + 1, this.port + 2, File.ReadAllText(keyFile).Trim());

        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(
            () => new Azure.Storage.Blobs.BlobServiceClient(endpoints).GetPropertiesAsync(ct));
        var accepted = await new Azure.Storage.Blobs.BlobServiceClient(ours).GetPropertiesAsync(ct);

        Assert.Equal(403, refused.Status);
        Assert.Equal(200, accepted.GetRawResponse().Status);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        await serve.SignalAsync("TERM", ct);
        await serve.WaitAsync(ct);
    }

    [Fact]
    public async Task UnknownRunStepProductAndAttempt_ExitTwoNamingWhatAndWhere()
    {
        var run = await this.BazaarAsync(RepositoryRoot.Path, "run", "examples/hello.yaml", "--json");
        var runId = RunIdOf(run);

        var noRun = await this.BazaarAsync(this.temp.Path, "status", "no-such-run");
        var noStep = await this.BazaarAsync(this.temp.Path, "logs", runId, "nope");
        var noAttempt = await this.BazaarAsync(this.temp.Path, "logs", runId, "count", "--attempt", "7");
        var noProduct = await this.BazaarAsync(this.temp.Path, "products", "get", runId, "nothing");
        var noCancel = await this.BazaarAsync(this.temp.Path, "cancel", runId);
        var noRerun = await this.BazaarAsync(this.temp.Path, "rerun", "no-such-run");

        Assert.True(noRun.ExitCode == 2 && noRun.Stderr.Contains("There is no run 'no-such-run'", StringComparison.Ordinal), noRun.ToString());
        Assert.Contains("task hub 'bazaar', container 'bazaar'", noRun.Stderr, StringComparison.Ordinal);
        Assert.Contains(this.temp["home"], noRun.Stderr, StringComparison.Ordinal);
        Assert.True(noStep.ExitCode == 2 && noStep.Stderr.Contains("has no step 'nope'", StringComparison.Ordinal), noStep.ToString());
        Assert.True(noAttempt.ExitCode == 2 && noAttempt.Stderr.Contains("there is no attempt 7", StringComparison.Ordinal), noAttempt.ToString());
        Assert.True(noProduct.ExitCode == 2 && noProduct.Stderr.Contains("has no product 'nothing'", StringComparison.Ordinal), noProduct.ToString());
        Assert.True(noCancel.ExitCode == 2 && noCancel.Stderr.Contains("already ended", StringComparison.Ordinal), noCancel.ToString());
        Assert.True(noRerun.ExitCode == 2 && noRerun.Stderr.Contains("task hub 'bazaar'", StringComparison.Ordinal), noRerun.ToString());
    }

    [Fact]
    public async Task ProductsList_AfterARun_ListsEachWithKindSizeDigestAndProducer()
    {
        var run = await this.BazaarAsync(RepositoryRoot.Path, "run", "examples/hello.yaml", "--json");
        var runId = RunIdOf(run);

        var list = await this.BazaarAsync(this.temp.Path, "products", "list", runId, "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        using var json = JsonDocument.Parse(list.Stdout);
        var products = json.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["count", "greeting", "loud"], products.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("directory", products["loud"].GetProperty("kind").GetString(), ignoreCase: true);
        Assert.Equal(14, products["greeting"].GetProperty("size").GetInt64());
        Assert.StartsWith("sha256:", products["greeting"].GetProperty("digest").GetString(), StringComparison.Ordinal);
        Assert.Equal("greet", products["greeting"].GetProperty("producer").GetProperty("step").GetString());
    }

    [Fact]
    public async Task Info_ShowsWhereLocalRunsAreKeptAndHowToWipeThem()
    {
        var info = await this.BazaarAsync(this.temp.Path, "info", "--json");

        Assert.True(info.ExitCode == 0, info.ToString());
        using var json = JsonDocument.Parse(info.Stdout);
        var emulator = json.RootElement.GetProperty("emulator");
        Assert.Equal(Path.Combine(this.temp["home"], "azurite"), emulator.GetProperty("dataDirectory").GetString());
        Assert.False(emulator.GetProperty("running").GetBoolean()); // info starts nothing
        Assert.Contains("rm -rf", emulator.GetProperty("wipe").GetString(), StringComparison.Ordinal);
        Assert.Equal("bazaar", json.RootElement.GetProperty("taskHub").GetString());
    }

    public void Dispose()
    {
        // A test that failed half way may leave its emulator running: end it by the pids its command recorded (a line per service).
        var pidFile = this.temp["home/azurite.pid"];
        foreach (var line in File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [])
        {
            if (int.TryParse(line.Trim(), out var pid)
                && File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains(this.temp.Path, StringComparison.Ordinal))
            {
                try
                {
                    using var emulator = System.Diagnostics.Process.GetProcessById(pid);
                    emulator.Kill();
                    emulator.WaitForExit(5000);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }

        this.temp.Dispose();
    }

    private static string RunIdOf(CliRunner.Outcome outcome)
    {
        using var json = JsonDocument.Parse(outcome.Stdout);
        return json.RootElement.GetProperty("runId").GetString()!;
    }

    private static string StartedRunId(CliProcess run) =>
        System.Text.RegularExpressions.Regex.Match(run.Output, @"Run (\S+) started").Groups[1].Value;

    private static List<JsonElement> Steps(CliRunner.Outcome outcome) =>
        JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("steps").EnumerateArray().ToList();

    /// <summary>Runs one command to its end; every command ends with the emulator it started stopped.</summary>
    private async Task<CliRunner.Outcome> BazaarAsync(string workingDirectory, params string[] args)
    {
        var outcome = await CliRunner.RunAsync(this.Environment, workingDirectory, args);
        return outcome;
    }

    private void AssertEmulatorStopped() =>
        Assert.False(FreePorts.IsListening(this.port) || FreePorts.IsListening(this.port + 1) || FreePorts.IsListening(this.port + 2), "the emulator is still running");
}
