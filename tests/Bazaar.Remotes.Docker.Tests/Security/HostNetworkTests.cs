using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Docker.Tests.Security;

/// <summary><c>network: host</c> puts a step on this machine's network: only where the host allows it.</summary>
public sealed class HostNetworkTests
{
    private const string Graph = """
        name: g
        steps:
          probe:
            run: nc 127.0.0.1 5432
            remote:
              type: docker
              image: busybox
              network: host
        """;

    [Fact]
    public void Validate_NetworkHostNotAllowed_RefusedNamingStepSettingLineAndHowToAllow()
    {
        using var provider = Services(o => o.AllowHostNetwork = false);

        var problems = Assert.Throws<GraphValidationException>(() => GraphFile.Parse(Graph, "g.yaml", Installed(provider))).Problems;

        var problem = Assert.Single(problems);
        Assert.Equal(8, problem.Line); // network: host
        Assert.Contains("step 'probe': docker setting 'network' is 'host'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("BAZAAR_DOCKER_ALLOW_HOST_NETWORK=true", problem.Message, StringComparison.Ordinal);
        Assert.Contains("DockerRemoteOptions.AllowHostNetwork", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NetworkHostAllowedByOption_HasNoProblems()
    {
        using var provider = Services(o => o.AllowHostNetwork = true);

        var graph = GraphFile.Parse(Graph, "g.yaml", Installed(provider));

        Assert.Equal("host", graph.Steps[0].Remote.Settings["network"].GetString());
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("yes", false)]
    public void AllowHostNetwork_VariableValue_TurnsTheOptionOnOnlyForTrue(string? value, bool allowed)
    {
        var options = new DockerRemoteOptions();

        DockerRemoteBuilderExtensions.AllowHostNetwork(options, value);

        Assert.Equal(allowed, options.AllowHostNetwork);
    }

    [Fact]
    public void ParseSwitch_NeitherTrueNorFalse_IsNullForValidationToReport()
    {
        Assert.Null(DockerRemoteBuilderExtensions.ParseSwitch("yes"));
    }

    [Fact]
    public void AllowHostNetwork_NotSet_IsOff()
    {
        // BAZAAR_DOCKER_ALLOW_HOST_NETWORK may be set where the tests run; this checks the option's own default.
        Assert.False(new DockerRemoteOptions().AllowHostNetwork);
    }

    [Fact]
    public void Create_SettingsAskingForHostNetworkNotAllowed_ThrowsNamingStepAndHowToAllow()
    {
        // Settings that did not come through the reader (the backstop under it).
        var settings = new DockerStepSettings { Image = "img", Network = "host" };
        var context = TestStepContext.Create(
            new StepDefinition { Name = "s", Run = StepCommand.FromArgs("true"), Remote = new RemoteDefinition { Type = "docker", Settings = new Dictionary<string, JsonElement>() } },
            new FakeStepWorkspace("/tmp/none"),
            new RecordingStepLog());

        var error = Assert.Throws<DockerRemoteException>(() => ContainerSpec.Create(context, settings, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions()));

        Assert.Contains("step 's' asks for network: host", error.Message, StringComparison.Ordinal);
        Assert.Contains("BAZAAR_DOCKER_ALLOW_HOST_NETWORK=true", error.Message, StringComparison.Ordinal);
        Assert.Equal("host", ContainerSpec.Create(context, settings, StepCommand.FromArgs("true"), "/ws", new DockerRemoteOptions { AllowHostNetwork = true }).HostConfig.NetworkMode);
    }

    private static RemoteTypeSet Installed(ServiceProvider provider) => new(provider.GetServices<IRemote>());

    private static ServiceProvider Services(Action<DockerRemoteOptions> configure)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddDockerRemote(configure);
        return services.BuildServiceProvider();
    }
}
