using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Remotes.Process.Tests.Security;

/// <summary>
/// Steps on the process remote (real processes, a real durable host) that plant a link, a linked folder or a
/// FIFO where they declare an output, to make Bazaar store a host file or hang: each step fails, naming it.
/// </summary>
public sealed class HostileOutputTests(ProcessHostFixture fixture) : IClassFixture<ProcessHostFixture>
{
    [Fact]
    public async Task Run_OutputIsALinkToAHostFile_StepFailsNamingTheLink()
    {
        var step = await this.RunAsync("ln -s /proc/self/environ out", "out");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains(
            "Output 'out' (path out) is a symbolic link to /proc/self/environ; Bazaar collects only regular files and directories and does not follow links",
            step.Error);
        Assert.Empty(step.Products);
    }

    [Fact]
    public async Task Run_OutputUnderALinkedFolder_StepFailsNamingTheFolder()
    {
        var step = await this.RunAsync("ln -s /etc d", "d/hostname");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("Output 'out' (path d/hostname) lies under d, a symbolic link to /etc", step.Error);
        Assert.Empty(step.Products);
    }

    [Fact]
    public async Task Run_OutputIsAFifo_StepFailsPromptly()
    {
        // Nothing ever writes to the FIFO: a collector that opened it would block until the run's timeout.
        var step = await this.RunAsync("mkfifo out", "out");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("Output 'out' (path out) is a FIFO (named pipe)", step.Error);
    }

    [Fact]
    public async Task Run_OutputIsADeviceNode_StepFailsWithoutOpeningIt()
    {
        // char 1:3 is /dev/null: a collector that opened it would store the host's device. Making a
        // device node takes CAP_MKNOD, which this suite has as root (in CI and on these machines).
        Assert.True(Environment.UserName == "root", "making a device node needs root: run this test as root");
        var step = await this.RunAsync("mknod out c 1 3", "out");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("Output 'out' (path out) is a character device", step.Error);
    }

    [Fact]
    public async Task Run_DirectoryOutputHoldingAFifo_StepFailsNamingTheEntry()
    {
        var step = await this.RunAsync("mkdir -p d/sub && echo ok > d/ok.txt && mkfifo d/sub/pipe", "d/");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("Output 'out' (path d/) was refused", step.Error);
        Assert.Contains("'sub/pipe' in the folder", step.Error);
        Assert.Contains("is a FIFO (named pipe)", step.Error);
    }

    [Fact]
    public async Task Run_DirectoryOutputIsALinkToAHostFolder_StepFails()
    {
        var step = await this.RunAsync("ln -s /etc d", "d/");

        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("Output 'out' (path d/) is a symbolic link to /etc", step.Error);
    }

    private async Task<StepResult> RunAsync(string command, string path)
    {
        var graph = fixture.Load($$"""
            name: hostile
            steps:
              plant:
                run: {{command}}
                produces: { out: {{path}} }
            """);

        // Well under DurableRuns' own limit: a collection that hangs shows as this timeout.
        var result = await DurableRuns.RunAsync(fixture.Host, graph, timeout: TimeSpan.FromSeconds(30));
        return Assert.Single(result.Steps);
    }
}
