using Bazaar.Graphs;
using Xunit;

namespace Bazaar.Testing;

/// <summary>
/// The shared suite for a remote whose step output reaches the log while the step runs (process, docker),
/// plus that case. A payload remote gets its log with the answer, so it derives from
/// <see cref="RemoteConformanceTests"/> directly: the case does not exist for it rather than passing
/// without checking anything.
/// </summary>
public abstract class StreamingRemoteConformanceTests : RemoteConformanceTests
{
    /// <inheritdoc/>
    protected sealed override bool StreamsLog => true;

    [BackendFact]
    public async Task ExecuteAsync_OutputWhileRunning_ReachesLogBeforeStepEnds()
    {
        using var dir = new TempDirectory();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token());
        var log = new RecordingStepLog();
        var step = new StepDefinition { Name = "streams", Run = this.PrintThenSleep("early") };
        var running = this.CreateRemote().ExecuteAsync(this.CreateContext(step, new FakeStepWorkspace(dir.Path), log), cancel.Token);

        await log.WaitForLineAsync(line => line == "early", TestTimeout.Token());

        Assert.False(running.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
