using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests.Security;

/// <summary>
/// Containers on the real engine that plant a link, a FIFO or a device node where they declare an output,
/// to make the host store its own file, hang, or read a device: each step fails, naming what it found.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class HostileContainerOutputTests(DockerEngineFixture engine, DockerHostFixture fixture) : IClassFixture<DockerHostFixture>
{

    [Fact]
    public async Task Run_ContainerLinksItsOutputToAHostFile_StepFailsNamingTheLink()
    {
        var (step, runId) = await this.RunAsync("ln -s /proc/self/environ out");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains(
            "Output 'out' (path out) is a symbolic link to /proc/self/environ; Bazaar collects only regular files and directories and does not follow links",
            step.Error);
        Assert.Empty(step.Products);
        Assert.Empty(await engine.ContainersOfRunAsync(runId));
    }

    [Fact]
    public async Task Run_ContainerMakesItsOutputAFifo_StepFailsPromptly()
    {
        var (step, _) = await this.RunAsync("mkfifo out");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("Output 'out' (path out) is a FIFO (named pipe)", step.Error);
    }

    // A device node a container makes: containers no longer have CAP_MKNOD (ContainerPrivilegeTests
    // shows mknod refused); the collector's own refusal of device nodes is shown with a process step
    // (HostileOutputTests.Run_OutputIsADeviceNode_StepFailsWithoutOpeningIt).

    private async Task<(StepResult Step, string RunId)> RunAsync(string command)
    {
        var graph = fixture.Load(
            $$"""
            name: hostile-container
            steps:
              plant:
                run: {{command}}
                remote: { type: docker, image: {{DockerEngineFixture.Image}} }
                produces: { out: out }
            """);

        // A collection that hangs on the FIFO shows as this timeout, not as a stalled test run.
        var result = await DurableRuns.RunAsync(fixture.Host, graph, timeout: TimeSpan.FromSeconds(60));
        return (Assert.Single(result.Steps), result.RunId);
    }
}
