using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>
/// The shared remote suite, each step in a container of the busybox test image on a real engine; whole
/// runs on a real durable host over Azurite, its docker steps in containers of the same engine.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerRemoteConformanceTests(DockerEngineFixture engine, DockerHostFixture fixture)
    : StreamingRemoteConformanceTests, IClassFixture<DockerHostFixture>
{
    private readonly string runId = "conformance-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Gets what this suite lacks here: the engine and its test image, and storage for the host.</summary>
    public static new string? MissingBackend => DockerEngineFixture.Missing ?? RemoteConformanceTests.MissingBackend;

    protected override RemoteDefinition Remote => DockerEngineFixture.Remote();

    protected override LocalDurableHost Host => fixture.Host;

    protected override IRemote CreateRemote() => engine.CreateRemote();

    protected override StepContext CreateContext(StepDefinition step, FakeStepWorkspace workspace, RecordingStepLog log) =>
        base.CreateContext(step, workspace, log) with { RunId = this.runId };

    [BackendFact]
    public async Task Suite_AfterEachTest_LeavesNoContainerOfItsRun()
    {
        using var dir = new TempDirectory();
        await this.RunAsync(new StepDefinition { Name = "ok", Run = this.PrintEach("x") }, dir, TestTimeout.Token());

        Assert.Empty(await engine.ContainersOfRunAsync(this.runId));
    }
}
