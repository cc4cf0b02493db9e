using Bazaar.Graphs;
using Bazaar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Process.Tests;

/// <summary>One step run against a real <see cref="ProcessRemote"/> in a fresh temporary workspace.</summary>
internal sealed class ProcessStepHarness : IDisposable
{
    private readonly TempDirectory directory = new();

    public ProcessStepHarness()
    {
        this.Workspace = new FakeStepWorkspace(this.directory.Path);
    }

    public ProcessRemoteOptions Options { get; } = new();

    public FakeStepWorkspace Workspace { get; }

    public TempDirectory Directory => this.directory;

    public RecordingStepLog Log { get; } = new();

    public ProcessRemote CreateRemote() =>
        new(Microsoft.Extensions.Options.Options.Create(this.Options), NullLogger<ProcessRemote>.Instance, TimeProvider.System);

    public StepContext CreateContext(StepDefinition step) => TestStepContext.Create(step, this.Workspace, this.Log);

    public Task<RemoteResult> RunAsync(StepCommand? run, CancellationToken cancellationToken, TimeSpan? timeout = null, Dictionary<string, string>? env = null) =>
        this.CreateRemote().ExecuteAsync(
            this.CreateContext(new StepDefinition { Name = "x", Run = run, Timeout = timeout, Env = env ?? [] }),
            cancellationToken);

    public void Dispose() => this.directory.Dispose();
}
