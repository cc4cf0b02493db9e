using System.Text.Json;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

/// <summary><c>bazaar submit</c> against a real <c>bazaar serve</c>: the progress, summary and exit codes of <c>bazaar run</c>.</summary>
[Collection(ServeCollection.Name)]
public sealed class SubmitTests(ServeFixture serve) : IDisposable
{
    private readonly Dictionary<string, string> environment = new() { ["BAZAAR_API_TOKEN"] = serve.Serve.Token! };

    private readonly TempDirectory temp = new();

    private string Url => serve.Serve.BaseAddress.ToString();

    [Fact]
    public async Task Submit_HelloExample_ExitsZeroWithTheSummaryOfRun()
    {
        var outcome = await CliRunner.RunAsync(this.environment, RepositoryRoot.Path, "submit", "examples/hello.yaml", "--url", this.Url);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("greet  succeeded", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("count=sha256:", outcome.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Run hello-\S+ succeeded in", outcome.Stdout);

        // The fetch hint names the credential; the token itself is never printed.
        Assert.Contains("curl -H \"Authorization: Bearer $BAZAAR_API_TOKEN\" -o PATH", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(serve.Serve.Token!, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_DirectoryInputAsJson_RunsWithItAndPrintsTheResult()
    {
        Directory.CreateDirectory(Path.Combine(this.temp.Path, "src", "sub"));
        this.temp.Write("src/a.txt", "alpha\n");
        this.temp.Write("src/sub/b.txt", "beta\n");
        var graph = this.temp.Write("count.yaml", """
            name: count
            inputs: [source]
            steps:
              count:
                run: cat source/a.txt source/sub/b.txt > all.txt
                consumes: [source]
                produces: { all: all.txt }
            """);

        var outcome = await CliRunner.RunAsync(this.environment, this.temp.Path, "submit", graph, "--url", this.Url, "--input", "source=src", "--json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var result = JsonDocument.Parse(outcome.Stdout).RootElement;
        Assert.True(result.GetProperty("succeeded").GetBoolean());
        var id = result.GetProperty("runId").GetString();
        Assert.Equal("alpha\nbeta\n", await serve.Client.GetStringAsync($"api/runs/{id}/products/all", TestTimeout.Token()));
    }

    [Fact]
    public async Task Submit_FailingStep_ExitsOneAndNamesTheStep()
    {
        var graph = this.temp.Write("fail.yaml", "name: fail\nsteps:\n  boom: { run: 'echo broken >&2; exit 5' }\n  after: { run: [true], consumes: [x] }\n  make: { run: [false], produces: [x] }\n");

        var outcome = await CliRunner.RunAsync(this.environment, this.temp.Path, "submit", graph, "--url", this.Url, "--failure-policy", "continue");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("boom  failed", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("exited with code 5", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("after  skipped", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_InvalidGraph_ExitsTwoWithEveryProblemAndItsLine()
    {
        var graph = this.temp.Write("bad.yaml", "name: bad\nsteps:\n  a: { consumes: [ghost] }\n  b: { runn: [true] }\n");

        var outcome = await CliRunner.RunAsync(this.environment, this.temp.Path, "submit", graph, "--url", this.Url);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("bad.yaml:3", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("ghost", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("runn", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Detach_PrintsTheRunAndExitsAtOnce()
    {
        var outcome = await CliRunner.RunAsync(this.environment, RepositoryRoot.Path, "submit", "examples/hello.yaml", "--url", this.Url, "--detach", "--json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var started = JsonDocument.Parse(outcome.Stdout).RootElement;
        var id = started.GetProperty("id").GetString()!;
        Assert.EndsWith($"/api/runs/{id}", started.GetProperty("links").GetProperty("self").GetString(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", (await ApiCalls.WaitForEndAsync(serve.Client, id, TestTimeout.Token(TimeSpan.FromSeconds(60)))).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:1", 3, "cannot be reached")]
    [InlineData("ftp://example", 2, "not an http:// or https:// URL")]
    [InlineData("SERVE/not-bazaar/", 2, "404")]
    public async Task Submit_BadServer_ExitsWithAMessageNamingIt(string url, int exitCode, string fragment)
    {
        var outcome = await CliRunner.RunAsync(this.environment, RepositoryRoot.Path, "submit", "examples/hello.yaml", "--url", url.Replace("SERVE/", this.Url, StringComparison.Ordinal));

        Assert.True(outcome.ExitCode == exitCode, outcome.ToString());
        Assert.Contains(fragment, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => this.temp.Dispose();
}
