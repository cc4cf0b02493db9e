using Bazaar.CallHome;
using Bazaar.Graphs;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Bazaar.Engine.Tests.CallHome;

public sealed class CallHomeJanitorTests
{
    private static readonly RemoteDefinition Where = new() { Type = "one" };
    private readonly Mock<DurableTaskClient> client = new("hub");

    [Fact]
    public async Task Sweep_ARemoteCannotBeListed_ReportedAndTheOthersStillSwept()
    {
        var broken = Remote("broken");
        broken.Setup(r => r.ListAsync(It.IsAny<CancellationToken>())).Returns(Failing());
        var working = Remote("working", new CallHomeLeftover(Where, "job-1", "run-1", "s", 1, CallHomeJobState.Ended));
        this.Run("run-1", OrchestrationRuntimeStatus.Failed);

        var sweep = await Janitor(broken, working).SweepAsync(this.client.Object, TestTimeout.Token());

        Assert.Equal((1, 1, 0), (sweep.Found, sweep.Deleted, sweep.Kept));
        Assert.Equal("broken: ARM said no", Assert.Single(sweep.Failures));
        working.Verify(r => r.CancelAsync(It.IsAny<RemoteDefinition>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never); // ended by itself: nothing to stop
        working.Verify(r => r.DeleteAsync(Where, "job-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Sweep_ADeleteFails_ReportedAndTheNextJobStillDeleted()
    {
        var remote = Remote(
            "one",
            new CallHomeLeftover(Where, "job-1", "run-1", "s", 1, CallHomeJobState.Ended),
            new CallHomeLeftover(Where, "job-2", "run-1", "s", 2, CallHomeJobState.Ended));
        remote.Setup(r => r.DeleteAsync(Where, "job-1", It.IsAny<CancellationToken>())).ThrowsAsync(new BazaarException("busy"));
        this.Run("run-1", OrchestrationRuntimeStatus.Terminated);

        var sweep = await Janitor(remote).SweepAsync(this.client.Object, TestTimeout.Token());

        Assert.Equal((2, 1), (sweep.Found, sweep.Deleted));
        Assert.Equal("one job job-1: busy", Assert.Single(sweep.Failures));
        remote.Verify(r => r.DeleteAsync(Where, "job-2", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task Sweep_JobOfARunNotEnded_KeptEvenWhenTheJobHasEnded(OrchestrationRuntimeStatus status)
    {
        var remote = Remote("one", new CallHomeLeftover(Where, "job-1", "run-1", "s", 1, CallHomeJobState.Ended));
        this.Run("run-1", status);

        var sweep = await Janitor(remote).SweepAsync(this.client.Object, TestTimeout.Token());

        Assert.Equal((1, 0, 1), (sweep.Found, sweep.Deleted, sweep.Kept));
        remote.Verify(r => r.DeleteAsync(It.IsAny<RemoteDefinition>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static CallHomeJanitor Janitor(params Mock<ICallHomeRemote>[] remotes) =>
        new(remotes.Select(r => (IRemote)r.Object).Append(Mock.Of<IRemote>(r => r.Type == "process")), NullLogger<CallHomeJanitor>.Instance);

    private static Mock<ICallHomeRemote> Remote(string type, params CallHomeLeftover[] leftovers)
    {
        var remote = new Mock<ICallHomeRemote>();
        remote.SetupGet(r => r.Type).Returns(type);
        remote.Setup(r => r.ListAsync(It.IsAny<CancellationToken>())).Returns(() => Yield(leftovers));
        return remote;
    }

    private static async IAsyncEnumerable<CallHomeLeftover> Yield(CallHomeLeftover[] leftovers)
    {
        await Task.Yield();
        foreach (var leftover in leftovers)
        {
            yield return leftover;
        }
    }

    private static async IAsyncEnumerable<CallHomeLeftover> Failing()
    {
        await Task.Yield();
        throw new BazaarException("ARM said no");
#pragma warning disable CS0162 // an iterator needs a yield
        yield break;
#pragma warning restore CS0162
    }

    private void Run(string runId, OrchestrationRuntimeStatus status) =>
        this.client.Setup(c => c.GetInstanceAsync(runId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("RunGraph", runId) { RuntimeStatus = status });
}
