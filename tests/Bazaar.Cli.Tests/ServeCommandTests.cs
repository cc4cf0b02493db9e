using Bazaar.Testing;

namespace Bazaar.Cli.Tests;

/// <summary>
/// <c>bazaar serve</c> refuses to start where it would be unsafe or cannot work, before it touches storage.
/// In process, except where the answer hangs on <c>BAZAAR_API_TOKEN</c>: only a child process's
/// environment can be set for one test.
/// </summary>
public sealed class ServeCommandTests
{
    private static readonly Dictionary<string, string> NoToken = new() { ["BAZAAR_API_TOKEN"] = string.Empty };

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://127.0.0.1:0;http://*:0")]
    [InlineData("http://[::]:0")]
    public async Task Serve_NoAuthBeyondLoopback_ExitsTwoSayingWhy(string urls)
    {
        var outcome = await CliRunner.RunAsync(NoToken, RepositoryRoot.Path, "serve", "--urls", urls, "--no-auth");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var said = (outcome.Stdout + outcome.Stderr).ReplaceLineEndings(" "); // the console wraps long lines
        Assert.Contains("--no-auth", said, StringComparison.Ordinal);
        Assert.Contains("other machines", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope", "'nope', which is not an installed remote type")]
    [InlineData(",", "--remotes is empty")]
    public async Task Serve_BadRemotes_ExitsTwoSayingWhy(string remotes, string fragment)
    {
        var outcome = await InProcessCli.RunAsync("serve", "--remotes", remotes);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(fragment, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:0", "plain HTTP")]
    [InlineData("127.0.0.1:7071", "not a URL")]
    [InlineData(";", "--urls is empty")]
    public async Task Serve_BadUrls_ExitsTwoSayingWhy(string urls, string fragment)
    {
        var outcome = await InProcessCli.RunAsync("serve", "--urls", urls);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(fragment, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsServeAndSubmit()
    {
        var outcome = await InProcessCli.RunAsync("--help");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("serve", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("submit", outcome.Stdout, StringComparison.Ordinal);
    }
}
