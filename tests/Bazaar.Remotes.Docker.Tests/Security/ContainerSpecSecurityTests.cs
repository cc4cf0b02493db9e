using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests.Security;

/// <summary>What every create request asks the engine for, whatever the graph says.</summary>
public sealed class ContainerSpecSecurityTests
{
    private static readonly string[] Allowed = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID"];

    [Fact]
    public void Create_AnyStep_DropsAllCapabilitiesButTheShortListWithNoNewPrivilegesAndPidLimit()
    {
        var spec = ContainerSpec.Create(Context(), new DockerStepSettings { Image = "img" }, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions());

        Assert.Equal(["ALL"], spec.HostConfig.CapDrop);
        Assert.Equal(Allowed, spec.HostConfig.CapAdd.Order(StringComparer.Ordinal));
        Assert.Equal(["no-new-privileges:true"], spec.HostConfig.SecurityOpt);
        Assert.Equal(1024, spec.HostConfig.PidsLimit);
        Assert.False(spec.HostConfig.Privileged);
    }

    [Fact]
    public void Create_DangerousCapabilities_NeverAdded()
    {
        var spec = ContainerSpec.Create(Context(), new DockerStepSettings { Image = "img", User = "0:0" }, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions());

        Assert.DoesNotContain(spec.HostConfig.CapAdd, c => c is "MKNOD" or "NET_RAW" or "SYS_ADMIN" or "SYS_PTRACE" or "NET_ADMIN" or "SYS_MODULE" or "SETFCAP" or "ALL");
    }

    [Fact]
    public void Create_PidsLimitOption_IsTheContainersLimit()
    {
        var spec = ContainerSpec.Create(Context(), new DockerStepSettings { Image = "img" }, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions { PidsLimit = 64 });

        Assert.Equal(64, spec.HostConfig.PidsLimit);
    }

    [Fact]
    public void Create_NoUserSetting_RunsAsTheHostsUser()
    {
        var spec = ContainerSpec.Create(Context(), new DockerStepSettings { Image = "img" }, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions { WorkspaceOwner = "4242:4243" });

        Assert.Equal("4242:4243", spec.User);
    }

    [Fact]
    public void Create_UserSetting_WinsOverTheHostsUser()
    {
        var spec = ContainerSpec.Create(Context(), new DockerStepSettings { Image = "img", User = "nobody" }, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions { WorkspaceOwner = "4242:4243" });

        Assert.Equal("nobody", spec.User);
    }

    [Fact]
    public void Reclaim_Always_KeepsOnlyChownAndDacOverrideWithNoNetwork()
    {
        var spec = ContainerSpec.Reclaim(Context(), "img", "/ws", "4242:4243", new DockerRemoteOptions());

        Assert.Equal(["ALL"], spec.HostConfig.CapDrop);
        Assert.Equal(["CHOWN", "DAC_OVERRIDE"], spec.HostConfig.CapAdd);
        Assert.Equal(["no-new-privileges:true"], spec.HostConfig.SecurityOpt);
        Assert.Equal(1024, spec.HostConfig.PidsLimit);
        Assert.Equal("none", spec.HostConfig.NetworkMode);
    }

    private static StepContext Context() => TestStepContext.Create(
        new StepDefinition { Name = "s", Run = StepCommand.FromArgs("true"), Remote = new RemoteDefinition { Type = "docker", Settings = new Dictionary<string, JsonElement>() } },
        new FakeStepWorkspace("/tmp/none"),
        new RecordingStepLog());
}
