using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests;

public sealed class ContainerSpecTests
{
    private static readonly DockerStepSettings Settings = new() { Image = "img", MemoryBytes = 64L << 20, NanoCpus = 500_000_000, User = "1:2" };

    [Fact]
    public void Create_RunString_GoesThroughShellWithImageEntrypointReset()
    {
        var spec = ContainerSpec.Create(Context(StepCommand.FromShell("echo hi")), Settings, StepCommand.FromShell("echo hi"), "/ws", new DockerRemoteOptions());

        Assert.Equal([string.Empty], spec.Entrypoint);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], spec.Cmd);
    }

    [Fact]
    public void Create_RunList_IsArgvAfterCommandWithImageEntrypointKept()
    {
        var settings = Settings with { Command = ["python3"] };

        var spec = ContainerSpec.Create(Context(StepCommand.FromArgs("a.py", "$HOME")), settings, StepCommand.FromArgs("a.py", "$HOME"), "/ws", new DockerRemoteOptions());

        Assert.Null(spec.Entrypoint);
        Assert.Equal(["python3", "a.py", "$HOME"], spec.Cmd);
    }

    [Fact]
    public void Create_Always_NoNetworkLimitsWorkspaceMountLabelsAndWorkspaceVariable()
    {
        var spec = ContainerSpec.Create(Context(StepCommand.FromArgs("true")), Settings, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions { WorkDirectory = "/w" });

        Assert.Equal("none", spec.HostConfig.NetworkMode);
        Assert.Equal(64L << 20, spec.HostConfig.Memory);
        Assert.Equal(64L << 20, spec.HostConfig.MemorySwap);
        Assert.Equal(500_000_000, spec.HostConfig.NanoCPUs);
        Assert.Equal("1:2", spec.User);
        Assert.Equal("/w", spec.WorkingDir);
        var mount = Assert.Single(spec.HostConfig.Mounts);
        Assert.Equal(("/ws", "/w", false), (mount.Source, mount.Target, mount.ReadOnly));
        Assert.Contains("BAZAAR_WORKSPACE=/w", spec.Env);
        Assert.Equal(TestStepContext.RunId, spec.Labels[ContainerLabels.Run]);
        Assert.Equal("s", spec.Labels[ContainerLabels.Step]);
        Assert.Equal(ContainerLabels.ThisProcess, spec.Labels[ContainerLabels.Owner]);
    }

    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("localhost:5000/team/tool", "localhost:5000/team/tool", "latest")]
    [InlineData("localhost:5000/team/tool:2", "localhost:5000/team/tool", "2")]
    [InlineData("busybox@sha256:abc", "busybox@sha256:abc", null)]
    public void Split_ImageReference_NameAndTag(string image, string name, string? tag)
    {
        Assert.Equal((name, tag), ImagePuller.Split(image));
    }

    private static StepContext Context(StepCommand run) => TestStepContext.Create(
        new StepDefinition { Name = "s", Run = run, Remote = new RemoteDefinition { Type = "docker", Settings = new Dictionary<string, JsonElement>() } },
        new FakeStepWorkspace("/tmp/none"),
        new RecordingStepLog());
}
