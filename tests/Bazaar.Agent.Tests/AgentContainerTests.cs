using System.Diagnostics;
using System.Text;
using Bazaar.Graphs;
using Bazaar.Remotes;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.Agent.Tests;

/// <summary>
/// The agent in its FROM scratch image (src/Bazaar.Agent/image/build-image.sh, from the agent published for
/// this run and the host's static busybox) in a real Docker container, on the host's network so it reaches
/// Azurite and the call-home listener on loopback, as a container instance reaches storage and the host.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed class AgentContainerTests(AgentFixture fixture, ITestOutputHelper output)
{
    private const string Image = "bazaar-agent:test";

    [DockerFact]
    public async Task Container_FromScratchImage_FetchesRunsUploadsAndCallsHome()
    {
        using var temp = new TempDirectory();
        temp.Write("greeting.txt", "hello from the host");
        temp.Write("tree/a/b.txt", "b");
        await this.BuildImageAsync();
        await using var home = await CallHomeServer.StartAsync();
        var steps = new AgentSteps(fixture);
        await steps.AddInputAsync("greeting", temp["greeting.txt"]);
        await steps.AddInputAsync("tree", temp["tree"]);
        ProductOutput[] produces = [new("loud", "loud.txt"), new("copy", "copy/")];
        var endpoints = home.Endpoints();
        var request = await steps.RequestAsync(
            "set -e; tr a-z A-Z < greeting > loud.txt; mkdir copy; cp -r tree/a copy/; id -u; cat loud.txt",
            TimeSpan.FromMinutes(1),
            produces,
            endpoints);

        var result = await AgentProcess.RunAsync(DockerRun(), request);

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["started", "done"], home.Calls.Select(c => c.Event));
        Assert.Equal($"Bearer {endpoints.Done.Token}", home.Calls.Last().Authorization);
        var done = RemoteStepProtocol.ParseResponse(Encoding.UTF8.GetBytes(home.Calls.Last().Body), "agent");
        Assert.Equal("65532\nHELLO FROM THE HOST\n", done.LogTail); // an unprivileged user; busybox's tr
        Assert.Equal("HELLO FROM THE HOST", File.ReadAllText((await steps.CollectAsync(produces[0], temp["out"]))!));
        Assert.Equal("b", File.ReadAllText(Path.Combine((await steps.CollectAsync(produces[1], temp["out"]))!, "a", "b.txt")));
        AgentProcess.AssertNoSecrets(result, request);
    }

    [DockerFact]
    public async Task Container_DockerStop_SigtermReachesTheStepAndDoneIsStillCalled()
    {
        await this.BuildImageAsync();
        await using var home = await CallHomeServer.StartAsync();
        var name = "bazaar-agent-test-" + Guid.NewGuid().ToString("N")[..8];
        var request = await new AgentSteps(fixture).RequestAsync(
            "trap 'echo stopping; exit 143' TERM; echo ready; while :; do sleep 0.1; done", TimeSpan.FromMinutes(1), callHome: home.Endpoints());

        var result = await AgentProcess.RunAsync(DockerRun("--name", name), request, (line, process) =>
        {
            if (line == "ready")
            {
                _ = Task.Run(() => Docker("stop", "-t", "20", name));
            }
        });

        output.WriteLine(result.ToString());
        Assert.Equal(143, result.ExitCode);
        var done = RemoteStepProtocol.ParseResponse(Encoding.UTF8.GetBytes(home.Calls.Last().Body), "agent");
        Assert.Equal(143, done.ExitCode);
        Assert.Contains("stopping", done.LogTail, StringComparison.Ordinal);
        Assert.Contains("the agent received SIGTERM", done.Message, StringComparison.Ordinal);
    }

    private static string[] DockerRun(params string[] more) =>
        ["docker", "run", "--rm", "--network", "host", "-e", "BAZAAR_AGENT_REQUEST", .. more, Image, "--grace", "2"];

    private static void Docker(params string[] args)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        docker.WaitForExit();
    }

    private Task<string> BuildImageAsync() => AgentImage.BuildAsync(Image, output.WriteLine);
}

/// <summary>
/// A test of the agent's image in Docker: skipped outside ./test.sh, saying what is missing, when there is no
/// engine that answers or no static busybox; never under ./test.sh (<see cref="TestRequirements"/>).
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (TestRequirements.SkipReason(AgentFixture.MissingPublisher ?? TestRequirements.MissingAzurite ?? AgentImage.MissingImageBuilder) is { } reason)
        {
            this.Skip = reason;
        }
    }
}
