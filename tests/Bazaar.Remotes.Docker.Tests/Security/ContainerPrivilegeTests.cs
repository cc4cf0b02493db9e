using System.Diagnostics;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests.Security;

/// <summary>
/// Steps that try to use privileges a container should not have, each on the real engine: the attack
/// runs, and fails because of how the container was started.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ContainerPrivilegeTests(DockerEngineFixture engine)
{
    // CHOWN (bit 0), DAC_OVERRIDE (1), FOWNER (3), FSETID (4), KILL (5), SETGID (6), SETUID (7): 0b1111_1011.
    private const string AllowedCapabilities = "00000000000000fb";
    private const string NoCapabilities = "0000000000000000";

    [Fact]
    public async Task ExecuteAsync_RootStepMakesDeviceNode_RefusedBecauseMknodIsDropped()
    {
        using var step = new DockerStepHarness(engine);

        // As root, with Docker's default capabilities, this makes /dev/mem's twin in the workspace.
        var result = await step.RunAsync(StepCommand.FromArgs("mknod", "mem", "c", "1", "1"), DockerEngineFixture.Remote(("user", "0:0")));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(step.Log.Lines, l => l.Contains("Operation not permitted", StringComparison.Ordinal));
        Assert.False(File.Exists(step.Directory["mem"]));
    }

    [Fact]
    public async Task ExecuteAsync_RootStepReadsItsCapabilities_OnlyTheAllowedSet()
    {
        using var step = new DockerStepHarness(engine);

        var result = await step.RunAsync(StepCommand.FromArgs("grep", "Cap", "/proc/self/status"), DockerEngineFixture.Remote(("user", "0:0")));

        Assert.Equal(0, result.ExitCode);
        var capabilities = Fields(step.Log.Lines);
        Assert.Equal(AllowedCapabilities, capabilities["CapEff"]);
        Assert.Equal(AllowedCapabilities, capabilities["CapPrm"]);
        Assert.Equal(AllowedCapabilities, capabilities["CapBnd"]);
        Assert.Equal(NoCapabilities, capabilities["CapInh"]);
        Assert.Equal(NoCapabilities, capabilities["CapAmb"]);
    }

    [Fact]
    public async Task ExecuteAsync_ForkBomb_ForkFailsAtThePidLimitAndContainerRemoved()
    {
        using var step = new DockerStepHarness(engine);
        step.Options.PidsLimit = 32;

        // Bounded: at most 1000 sleeps, each ended with the container; the limit stops it near 32.
        var result = await step.RunAsync(
            StepCommand.FromShell("i=0; while [ $i -lt 1000 ]; do sleep 60 & i=$((i+1)); done; echo \"spawned all $i\""),
            timeout: TimeSpan.FromSeconds(25));

        Assert.False(result.TimedOut);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(step.Log.Lines, l => l.Contains("can't fork", StringComparison.Ordinal));
        Assert.DoesNotContain(step.Log.Lines, l => l.StartsWith("spawned all", StringComparison.Ordinal));
        Assert.Empty(await engine.ContainersOfRunAsync(step.RunId));
    }

    [Fact]
    public async Task ExecuteAsync_AnyStep_NoNewPrivilegesSet()
    {
        using var step = new DockerStepHarness(engine);

        // With it, a set-uid file (su, sudo, a planted copy of a shell) runs with its caller's privileges.
        var result = await step.RunAsync(StepCommand.FromArgs("grep", "NoNewPrivs", "/proc/self/status"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1", Fields(step.Log.Lines)["NoNewPrivs"]);
    }

    [Fact]
    public async Task ExecuteAsync_NoUserSetting_RunsAsThisProcesssUidAndGid()
    {
        using var step = new DockerStepHarness(engine);

        var result = await step.RunAsync(StepCommand.FromShell("echo \"$(id -u):$(id -g)\""));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"{await IdAsync("-u")}:{await IdAsync("-g")}"], step.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_NonRootHostAndNoUserSetting_RunsAsHostUserWithNoEffectiveCapabilities()
    {
        using var step = new DockerStepHarness(engine);

        // This host may be root (CI); the seam makes the remote see a host user of 4242:4243.
        step.Options.WorkspaceOwner = "4242:4243";
        var result = await step.RunAsync(StepCommand.FromShell("echo \"$(id -u):$(id -g)\"; grep -E 'CapEff|CapBnd' /proc/self/status"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("4242:4243", step.Log.Lines[0]);
        var capabilities = Fields(step.Log.Lines.Skip(1));
        Assert.Equal(NoCapabilities, capabilities["CapEff"]);
        Assert.Equal(AllowedCapabilities, capabilities["CapBnd"]);
    }

    [Fact]
    public async Task ExecuteAsync_NetworkHostNotAllowed_RefusedBeforeAnyContainer()
    {
        using var step = new DockerStepHarness(engine);

        // A graph that skipped validation (or was validated by a host that allowed it) still does not get it here.
        var error = await Assert.ThrowsAsync<DockerRemoteException>(
            () => step.RunAsync(StepCommand.FromArgs("true"), DockerEngineFixture.Remote(("network", "host"))));

        Assert.Contains("step 'step'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'network' is 'host'", error.Message, StringComparison.Ordinal);
        Assert.Contains("BAZAAR_DOCKER_ALLOW_HOST_NETWORK=true", error.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.ContainersOfRunAsync(step.RunId));
    }

    private static Dictionary<string, string> Fields(IEnumerable<string> statusLines) =>
        statusLines.Select(l => l.Split(':', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1].Trim(), StringComparer.Ordinal);

    private static async Task<string> IdAsync(string which)
    {
        using var id = System.Diagnostics.Process.Start(new ProcessStartInfo("id", [which]) { RedirectStandardOutput = true })!;
        var output = await id.StandardOutput.ReadToEndAsync(TestTimeout.Token());
        await id.WaitForExitAsync(TestTimeout.Token());
        return output.Trim();
    }
}
