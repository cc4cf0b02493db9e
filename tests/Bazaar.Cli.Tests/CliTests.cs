using System.Text.Json;
using Bazaar.Testing;

namespace Bazaar.Cli.Tests;

/// <summary>
/// The verbs one at a time, against the collection's Azurite, each test on a task hub of its own. They
/// run in process (<see cref="InProcessCli"/>), storage given as options; the flows that span commands
/// run each command as a process of its own (<see cref="CliRunner"/>), storage given as variables, so
/// what one wrote is read back by another.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string taskHub = "cli" + Guid.NewGuid().ToString("N")[..8];

    private Dictionary<string, string> Environment => new()
    {
        ["BAZAAR_STORAGE"] = azurite.ConnectionString,
        ["BAZAAR_TASK_HUB"] = this.taskHub,
    };

    [Fact]
    public async Task Run_HelloExample_ExitsZeroAndSummarisesEveryStepWithDigests()
    {
        var outcome = await this.BazaarAsync("run", RepositoryRoot.Combine("examples/hello.yaml"));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("succeeded", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("sha256:", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Json_PrintsTheRunResultAsJson()
    {
        var outcome = await this.BazaarAsync("run", RepositoryRoot.Combine("examples/hello.yaml"), "--json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.True(json.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.All(json.RootElement.GetProperty("steps").EnumerateArray(), s => Assert.Equal("Succeeded", s.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Run_FailingStep_ExitsOneAndNamesTheStep()
    {
        var graph = this.temp.Write("fail.yaml", """
            name: fail
            steps:
              boom:
                run: echo 'no such thing' >&2; exit 4
            """);

        var outcome = await this.BazaarAsync("run", graph);

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("boom", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("exited with code 4", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidGraph_ExitsTwoWithEveryProblemAndItsLine()
    {
        var graph = this.temp.Write("bad.yaml", """
            name: bad
            steps:
              a:
                consumes: [ghost]
              b:
                runn: echo typo
            """);

        var outcome = await this.BazaarAsync("run", graph);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("ghost", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("runn", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:4", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingInput_ExitsTwoAndSaysHowToSupplyIt()
    {
        var graph = this.temp.Write("in.yaml", """
            name: needs-input
            inputs: [source]
            steps:
              use:
                run: ls source
                consumes: [source]
            """);

        var outcome = await this.BazaarAsync("run", graph);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("--input source=PATH", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsTwo()
    {
        var outcome = await this.BazaarAsync("run", RepositoryRoot.Combine("examples/hello.yaml"), "--no-such-option");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
    }

    [Fact]
    public async Task RunThenProductsGet_DirectoryInputRoundTripsThroughStorage()
    {
        this.temp.Write("src/a.txt", "alpha");
        this.temp.Write("src/nested/b.txt", "beta");
        var graph = this.temp.Write("copy.yaml", """
            name: copy
            inputs: [source]
            steps:
              copy:
                run: cp -r source out && echo gamma > out/c.txt
                consumes: [source]
                produces: { tree: out }
            """);
        var environment = this.Environment;

        var run = await CliRunner.RunAsync(environment, this.temp.Path, "run", graph, "--input", "source=src", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var runId = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("runId").GetString()!;

        var get = await CliRunner.RunAsync(environment, this.temp.Path, "products", "get", runId, "tree", "-o", "fetched");

        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("alpha", File.ReadAllText(this.temp["fetched/a.txt"]));
        Assert.Equal("beta", File.ReadAllText(this.temp["fetched/nested/b.txt"]));
        Assert.Equal("gamma\n", File.ReadAllText(this.temp["fetched/c.txt"]));
    }

    [Fact]
    public async Task ProductsGet_UnknownRun_ExitsTwoNamingItAndWhereItLooked()
    {
        var outcome = await this.BazaarAsync("products", "get", "no-such-run", "nothing");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("There is no run 'no-such-run'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains($"task hub '{this.taskHub}'", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ValidAndInvalidFiles_ExitZeroAndTwo()
    {
        var good = await InProcessCli.RunAsync("validate", RepositoryRoot.Combine("examples/hello.yaml"));
        var badFile = this.temp.Write("cycle.yaml", """
            name: cycle
            steps:
              a: { consumes: [pb], produces: { pa: } }
              b: { consumes: [pa], produces: { pb: } }
            """);
        var bad = await InProcessCli.RunAsync("validate", badFile);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("->", bad.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dot", "digraph")]
    [InlineData("mermaid", "flowchart")]
    public async Task Graph_Format_PrintsThatFormat(string format, string expected)
    {
        var outcome = await InProcessCli.RunAsync("graph", RepositoryRoot.Combine("examples/hello.yaml"), "--format", format);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains(expected, outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheVerbsAndExitCodes()
    {
        var outcome = await InProcessCli.RunAsync("run", "--help");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Exit codes", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerun_AfterAFailure_RunsTheFailedStepAndReusesTheOther()
    {
        var environment = this.Environment;
        var flag = this.temp["fixed"];
        var graph = this.temp.Write("again.yaml", $$"""
            name: again
            steps:
              first:
                run: echo one > out
                produces: { p: out }
              second:
                run: test -e {{flag}} && cat p > out
                consumes: [p]
                produces: { q: out }
            """);
        var failed = await CliRunner.RunAsync(environment, this.temp.Path, "run", graph, "--json");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        var runId = JsonDocument.Parse(failed.Stdout).RootElement.GetProperty("runId").GetString()!;
        File.WriteAllText(flag, string.Empty);

        var rerun = await CliRunner.RunAsync(environment, this.temp.Path, "rerun", runId);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("first  reused", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains("second  succeeded", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"from run {runId} (skip-if-redundant)", rerun.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerun_UnknownRun_ExitsTwoNamingIt()
    {
        var outcome = await this.BazaarAsync("rerun", "no-such-run-20261130");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("There is no run 'no-such-run-20261130'", outcome.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => this.temp.Dispose();

    /// <summary>Runs one command in process on the collection's storage and this test's task hub.</summary>
    private Task<CliRunner.Outcome> BazaarAsync(params string[] args) =>
        InProcessCli.RunAsync([.. args, "--storage", azurite.ConnectionString, "--task-hub", this.taskHub]);
}
