using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>One docker step run against the real engine in a fresh temporary workspace, under its own run id.</summary>
internal sealed class DockerStepHarness(DockerEngineFixture engine) : IDisposable
{
    public string RunId { get; } = "test-" + Guid.NewGuid().ToString("N")[..10];

    public DockerRemoteOptions Options { get; } = DockerEngineFixture.TestOptions();

    public TempDirectory Directory { get; } = new();

    public RecordingStepLog Log { get; } = new();

    public StepContext Context(StepCommand? run, RemoteDefinition? remote = null, TimeSpan? timeout = null, string name = "step") =>
        TestStepContext.Create(
            new StepDefinition { Name = name, Run = run, Remote = remote ?? DockerEngineFixture.Remote(), Timeout = timeout },
            new FakeStepWorkspace(this.Directory.Path),
            this.Log) with { RunId = this.RunId };

    public Task<RemoteResult> RunAsync(StepCommand? run, RemoteDefinition? remote = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        engine.CreateRemote(this.Options).ExecuteAsync(this.Context(run, remote, timeout), cancellationToken == default ? TestTimeout.Token() : cancellationToken);

    public void Dispose() => this.Directory.Dispose();
}
