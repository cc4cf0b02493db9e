using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>What the docker remote does beyond the shared suite, each on the real engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerRemoteTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task ExecuteAsync_InputProduct_ReadInContainerAndOutputDirectoryWritten()
    {
        using var step = new DockerStepHarness(engine);
        step.Directory.Write("source", "payload");

        var result = await step.RunAsync(StepCommand.FromShell(
            "mkdir -p out/nested && tr a-z A-Z < source > out/upper.txt && echo \"$BAZAAR_WORKSPACE\" > out/nested/where.txt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("PAYLOAD", File.ReadAllText(step.Directory["out/upper.txt"]));
        Assert.Equal("/work\n", File.ReadAllText(step.Directory["out/nested/where.txt"]));
    }

    [Fact]
    public async Task ExecuteAsync_FailingCommand_FailsWithExitCodeAndStderrTail()
    {
        using var step = new DockerStepHarness(engine);

        var result = await step.RunAsync(StepCommand.FromShell("echo one; echo 'it broke' >&2; exit 7"));

        Assert.Equal(7, result.ExitCode);
        Assert.Contains("exited with code 7", result.Message, StringComparison.Ordinal);
        Assert.Contains("it broke", result.Message, StringComparison.Ordinal);
        Assert.Contains("one", step.Log.Lines);
        Assert.Contains("it broke", step.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_ProgramMissingFromImage_Returns127NamingIt()
    {
        using var step = new DockerStepHarness(engine);

        var result = await step.RunAsync(StepCommand.FromArgs("no-such-program", "x"));

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("no-such-program", result.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.ContainersOfRunAsync(step.RunId));
    }

    [Fact]
    public async Task ExecuteAsync_Timeout_StopsAndRemovesContainer()
    {
        using var step = new DockerStepHarness(engine);
        var clock = Stopwatch.StartNew();

        var result = await step.RunAsync(StepCommand.FromShell("echo started; sleep 60"), timeout: TimeSpan.FromSeconds(2));

        Assert.True(result.TimedOut);
        Assert.Equal(124, result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Contains("started", step.Log.Lines);
        Assert.Empty(await engine.ContainersOfRunAsync(step.RunId));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_StopsAndRemovesContainer()
    {
        using var step = new DockerStepHarness(engine);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token());
        var running = engine.CreateRemote(step.Options).ExecuteAsync(step.Context(StepCommand.FromShell("echo started; sleep 60")), cancel.Token);
        await step.Log.WaitForLineAsync(l => l == "started", TestTimeout.Token());

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Empty(await engine.ContainersOfRunAsync(step.RunId));
    }

    [Fact]
    public async Task ExecuteAsync_ContainerWritesAsRoot_FilesGivenBackCollectedAndRemoved()
    {
        using var step = new DockerStepHarness(engine);

        // This host may itself be root (CI); the seam makes the fix-up run and give the files to 4242.
        // The container runs as root by asking for it: by default it would run as the host's user.
        step.Options.WorkspaceOwner = "4242:4243";
        var result = await step.RunAsync(
            StepCommand.FromShell("id -u; umask 077; mkdir -p out/deep && echo secret > out/deep/secret.txt"),
            DockerEngineFixture.Remote(("user", "0:0")));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0", step.Log.Lines[0]);
        Assert.Equal("4242:4243", await StatAsync("%u:%g", step.Directory["out/deep/secret.txt"]));
        Assert.Equal("4242:4243", await StatAsync("%u:%g", step.Directory["out"]));
        Assert.Equal("secret\n", File.ReadAllText(step.Directory["out/deep/secret.txt"]));
        Directory.Delete(step.Directory["out"], recursive: true);
        Assert.Empty(await engine.ContainersOfRunAsync(step.RunId));
    }

    [Fact]
    public async Task ExecuteAsync_OtherUser_WritesIntoWorkspace()
    {
        using var step = new DockerStepHarness(engine);

        var result = await step.RunAsync(StepCommand.FromShell("id -u > who.txt"), DockerEngineFixture.Remote(("user", "65534:65534")));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("65534\n", File.ReadAllText(step.Directory["who.txt"]));
    }

    [Fact]
    public async Task ExecuteAsync_NetworkNone_CannotReachHostLoopbackListener()
    {
        using var listener = new LoopbackListener();
        using var step = new DockerStepHarness(engine);

        var result = await step.RunAsync(StepCommand.FromArgs("nc", "127.0.0.1", listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), timeout: TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.DoesNotContain("pong", step.Log.Lines);
        Assert.Equal(0, listener.Accepted);
    }

    [Fact]
    public async Task ExecuteAsync_NetworkHost_ReachesHostLoopbackListener()
    {
        using var listener = new LoopbackListener();
        using var step = new DockerStepHarness(engine);
        step.Options.AllowHostNetwork = true;

        var result = await step.RunAsync(
            StepCommand.FromArgs("nc", "127.0.0.1", listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            DockerEngineFixture.Remote(("network", "host")),
            TimeSpan.FromSeconds(20));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("pong", step.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_DockerHostAtDeadSocket_FailsNamingTheCauseAndDockerHost()
    {
        using var step = new DockerStepHarness(engine);
        var dead = $"unix://{step.Directory["dead.sock"]}";
        var options = DockerEngineFixture.TestOptions();
        options.Host = dead;

        var error = await Assert.ThrowsAsync<DockerRemoteException>(
            () => engine.CreateRemote(options).ExecuteAsync(step.Context(StepCommand.FromArgs("true")), TestTimeout.Token()));

        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
        Assert.Contains($"DOCKER_HOST={dead}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'step'", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Infrastructure, error.Kind);
    }

    [Fact]
    public async Task ExecuteAsync_ImageMissingUnderPullNever_FailsNamingImageAndDockerHost()
    {
        using var step = new DockerStepHarness(engine);
        var remote = new RemoteDefinition
        {
            Type = "docker",
            Settings = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["image"] = System.Text.Json.JsonSerializer.SerializeToElement("bazaar-test/absent:1"),
                ["pull"] = System.Text.Json.JsonSerializer.SerializeToElement("never"),
            },
        };

        var error = await Assert.ThrowsAsync<DockerRemoteException>(() => step.RunAsync(StepCommand.FromArgs("true"), remote));

        Assert.Contains("'bazaar-test/absent:1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pull policy is never", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST=", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Misconfigured, error.Kind);
    }

    [Fact]
    public async Task ExecuteAsync_PullFails_FailsNamingImageCauseAndDockerHost()
    {
        using var step = new DockerStepHarness(engine);

        // Nothing serves this registry: the pull fails however the engine is set up.
        var remote = DockerEngineFixture.Remote(("pull", "always")) with { };
        var settings = new Dictionary<string, System.Text.Json.JsonElement>(remote.Settings)
        {
            ["image"] = System.Text.Json.JsonSerializer.SerializeToElement("127.0.0.1:9/bazaar/absent:1"),
        };

        var error = await Assert.ThrowsAsync<DockerRemoteException>(() => step.RunAsync(StepCommand.FromArgs("true"), remote with { Settings = settings }));

        Assert.Contains("pulling image '127.0.0.1:9/bazaar/absent:1' failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST=", error.Message, StringComparison.Ordinal);
        Assert.Contains(step.Log.Lines, l => l.StartsWith("[docker] pulling 127.0.0.1:9/bazaar/absent:1", StringComparison.Ordinal));

        // The registry cannot be reached: that may pass, unlike an image the registry does not have.
        Assert.Equal(FailureKind.Infrastructure, error.Kind);
    }

    [Fact]
    public async Task ExecuteAsync_AllowlistedMount_IsReadOnlyAtItsContainerPath()
    {
        using var shared = new TempDirectory();
        shared.Write("tool.txt", "from the host\n");
        using var step = new DockerStepHarness(engine);
        step.Options.Mounts["tools"] = new DockerMount { HostPath = shared.Path, ContainerPath = "/opt/tools" };

        var result = await step.RunAsync(
            StepCommand.FromShell("cat /opt/tools/tool.txt; touch /opt/tools/new 2>/dev/null && echo writable || echo read-only"),
            DockerEngineFixture.Remote(("mounts", new[] { "tools" })));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["from the host", "read-only"], step.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_RemoteSettings_EnvEntrypointAndCommandApplied()
    {
        using var step = new DockerStepHarness(engine);
        var remote = DockerEngineFixture.Remote(
            ("env", new Dictionary<string, string> { ["FROM_REMOTE"] = "remote", ["BAZAAR_STEP"] = "overridden?" }),
            ("command", new[] { "/bin/sh", "-c" }),
            ("memory", "64m"),
            ("cpus", 0.5));

        var result = await step.RunAsync(StepCommand.FromShell("echo \"$FROM_REMOTE $BAZAAR_STEP\""), remote);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["remote step"], step.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_BadSettings_FailsNamingStepAndSetting()
    {
        using var step = new DockerStepHarness(engine);

        var error = await Assert.ThrowsAsync<DockerRemoteException>(
            () => step.RunAsync(StepCommand.FromArgs("true"), DockerEngineFixture.Remote(("memory", "lots"))));

        Assert.Contains("step 'step'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'memory'", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Misconfigured, error.Kind);
    }

    [Fact]
    public async Task ExecuteAsync_EveryWayAStepEnds_LeavesNoContainer()
    {
        using var step = new DockerStepHarness(engine);
        var remote = engine.CreateRemote(step.Options);

        await remote.ExecuteAsync(step.Context(StepCommand.FromArgs("true"), name: "ok"), TestTimeout.Token());
        await remote.ExecuteAsync(step.Context(StepCommand.FromShell("exit 3"), name: "fails"), TestTimeout.Token());
        await remote.ExecuteAsync(step.Context(StepCommand.FromArgs("missing-program"), name: "missing"), TestTimeout.Token());
        await remote.ExecuteAsync(step.Context(StepCommand.FromShell("sleep 30"), timeout: TimeSpan.FromSeconds(1), name: "slow"), TestTimeout.Token());
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => remote.ExecuteAsync(step.Context(StepCommand.FromShell("sleep 30"), name: "cancelled"), cancel.Token));
        }

        Assert.Empty(await engine.ContainersOfRunAsync(step.RunId));
    }

    private static async Task<string> StatAsync(string format, string path)
    {
        using var stat = System.Diagnostics.Process.Start(new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync(TestTimeout.Token());
        await stat.WaitForExitAsync(TestTimeout.Token());
        return output.Trim();
    }

    /// <summary>A TCP listener on the host's loopback that answers <c>pong</c> to whoever connects.</summary>
    private sealed class LoopbackListener : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private int accepted;

        public LoopbackListener()
        {
            this.listener.Start();
            _ = this.ServeAsync();
        }

        public int Port => ((IPEndPoint)this.listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref this.accepted);

        public void Dispose() => this.listener.Dispose();

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await this.listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref this.accepted);
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("pong\n"));
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
            }
        }
    }
}
