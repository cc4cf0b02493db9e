using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>The shared remote suite, each step in a container of the busybox test image on a real engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerRemoteConformanceTests(DockerEngineFixture engine) : RemoteConformanceTests
{
    private readonly string runId = "conformance-" + Guid.NewGuid().ToString("N")[..8];

    protected override IRemote CreateRemote() => engine.CreateRemote();

    protected override StepContext CreateContext(StepDefinition step, FakeStepWorkspace workspace, RecordingStepLog log) =>
        TestStepContext.Create(step with { Remote = DockerEngineFixture.Remote() }, workspace, log) with { RunId = this.runId };

    [Fact]
    public async Task Suite_AfterEachTest_LeavesNoContainerOfItsRun()
    {
        using var dir = new TempDirectory();
        await this.RunAsync(new StepDefinition { Name = "ok", Run = this.PrintEach("x") }, dir, TestTimeout.Token());

        Assert.Empty(await engine.ContainersOfRunAsync(this.runId));
    }
}
