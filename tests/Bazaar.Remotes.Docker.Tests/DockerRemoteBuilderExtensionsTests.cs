using Bazaar.Graphs;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Docker.Tests;

public sealed class DockerRemoteBuilderExtensionsTests
{
    [Fact]
    public void AddDockerRemote_Registered_ResolvesDockerRemoteAndLeftoverSweep()
    {
        using var provider = Services(b => b.AddProcessRemote().AddDockerRemote());

        Assert.Equal(["process", "docker"], provider.GetServices<IRemote>().Select(r => r.Type));
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is LeftoverSweeper);
    }

    [Fact]
    public void AddDockerRemote_MountWithRelativePath_FailsValidationNamingTheVariable()
    {
        using var provider = Services(b => b.AddDockerRemote(o => o.Mounts["tools"] = new DockerMount { HostPath = "tools", ContainerPath = "/tools" }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DockerRemoteOptions>>().Value);

        Assert.Contains("BAZAAR_DOCKER_MOUNTS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMounts_EnvironmentList_AddsEachNamedMount()
    {
        var options = new DockerRemoteOptions();

        DockerRemoteBuilderExtensions.AddMounts(options, "tools=/opt/tools:/tools; data=/srv/data:/data ;broken");

        Assert.Equal("/opt/tools", options.Mounts["tools"].HostPath);
        Assert.Equal("/data", options.Mounts["data"].ContainerPath);
        Assert.Equal(string.Empty, options.Mounts["broken"].HostPath);
    }

    [Fact]
    public void Validate_GraphWithBadDockerSettings_ReportsEachWithStepSettingAndLine()
    {
        using var provider = Services(b => b.AddProcessRemote().AddDockerRemote());
        var installed = new RemoteTypeSet(provider.GetServices<IRemote>());

        var problems = Assert.Throws<GraphValidationException>(() => GraphFile.Parse(
            """
            name: g
            remotes:
              sdk: { type: docker, image: busybox, memory: lots }
            steps:
              a: { run: echo, remote: sdk }
              b: { run: echo, remote: sdk }
              c:
                run: echo
                remote:
                  type: docker
                  image: busybox
                  network: bridge
              d: { run: echo, remote: docker }
            """,
            "g.yaml",
            installed)).Problems;

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Line == 3 && p.Message.Contains("remote 'sdk': docker setting 'memory'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 12 && p.Message.Contains("step 'c': docker setting 'network'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("step 'd': the docker remote needs image:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DockerExample_HasNoProblems()
    {
        using var provider = Services(b => b.AddProcessRemote().AddDockerRemote());

        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/docker.yaml"), new RemoteTypeSet(provider.GetServices<IRemote>()));

        Assert.Contains(graph.Steps, s => s.Remote.Type == "docker");
        Assert.Contains(graph.Steps, s => s.Remote.Type == "process");
    }

    [Fact]
    public void Spec_AppliedToStep_EqualsTheGraphFileSettings()
    {
        var g = new Graph("g");
        var step = new Step("s", g).Run("echo", "hi");
        new DockerRemoteSpec("busybox:1.36") { Memory = "512m", Network = "host", Pull = DockerPullPolicy.Never, Cpus = 1.5 }.Apply(step);
        using var provider = Services(b => b.AddDockerRemote(o => o.AllowHostNetwork = true));

        var definition = g.Validate(new RemoteTypeSet(provider.GetServices<IRemote>()));

        var remote = definition.Steps[0].Remote;
        Assert.Equal("docker", remote.Type);
        Assert.Equal("never", remote.Settings["pull"].GetString());
        Assert.Equal(1.5, remote.Settings["cpus"].GetDouble());
        Assert.Equal("512m", remote.Settings["memory"].GetString());
    }

    private static ServiceProvider Services(Action<IBazaarBuilder> configure)
    {
        var services = new ServiceCollection().AddLogging();
        configure(services.AddBazaar());
        return services.BuildServiceProvider();
    }
}
