using Bazaar.Functions.Orchestration;
using Bazaar.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Moq;

namespace Bazaar.Functions.Tests.Orchestration;

public sealed class PurgeShardFunctionTests : IDisposable
{
    private readonly FunctionHost host = new(_ => { });
    private readonly Mock<FunctionContext> context = new();

    public PurgeShardFunctionTests()
    {
        this.context.SetupGet(c => c.InstanceServices).Returns(this.host.Services);
    }

    public void Dispose() => this.host.Dispose();

    [Fact]
    public async Task PurgeShard_ShardOfTheRun_PurgesItThroughTheFunctionsDurableClient()
    {
        var shard = new OrchestrationMetadata("RunGraphShard", "run1:shard-4") { RuntimeStatus = OrchestrationRuntimeStatus.Completed };
        this.host.Client.Setup(c => c.GetInstanceAsync("run1:shard-4", false, It.IsAny<CancellationToken>())).ReturnsAsync(shard);
        this.host.Client.Setup(c => c.WaitForInstanceCompletionAsync("run1:shard-4", false, It.IsAny<CancellationToken>())).ReturnsAsync(shard);
        this.host.Client.Setup(c => c.PurgeInstanceAsync("run1:shard-4", It.IsAny<CancellationToken>())).ReturnsAsync(new PurgeResult(1));

        var purged = await PurgeShardFunction.PurgeShard("run1:shard-4", "run1", this.host.Client.Object, this.context.Object).WaitAsync(TestTimeout.Token());

        Assert.True(purged);
        this.host.Client.Verify(c => c.PurgeInstanceAsync("run1:shard-4", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PurgeShard_WhoseStatusRowLagsItsResult_WaitsForItToEndBeforePurging()
    {
        // The run has the shard's result before the shard's own row says it completed: purging first would be refused.
        var order = new List<string>();
        var running = new OrchestrationMetadata("RunGraphShard", "run1:shard-2") { RuntimeStatus = OrchestrationRuntimeStatus.Running };
        this.host.Client.Setup(c => c.GetInstanceAsync("run1:shard-2", false, It.IsAny<CancellationToken>())).ReturnsAsync(running);
        this.host.Client.Setup(c => c.WaitForInstanceCompletionAsync("run1:shard-2", false, It.IsAny<CancellationToken>()))
            .Callback(() => order.Add("waited"))
            .ReturnsAsync(new OrchestrationMetadata("RunGraphShard", "run1:shard-2") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        this.host.Client.Setup(c => c.PurgeInstanceAsync("run1:shard-2", It.IsAny<CancellationToken>()))
            .Callback(() => order.Add("purged"))
            .ReturnsAsync(new PurgeResult(1));

        Assert.True(await PurgeShardFunction.PurgeShard("run1:shard-2", "run1", this.host.Client.Object, this.context.Object).WaitAsync(TestTimeout.Token()));
        Assert.Equal(["waited", "purged"], order);
    }

    [Fact]
    public async Task PurgeShard_AlreadyPurged_PurgesNothingAndSaysSo()
    {
        this.host.Client.Setup(c => c.GetInstanceAsync("run1:shard-3", false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);

        Assert.False(await PurgeShardFunction.PurgeShard("run1:shard-3", "run1", this.host.Client.Object, this.context.Object).WaitAsync(TestTimeout.Token()));
        this.host.Client.Verify(c => c.PurgeInstanceAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("run1")]
    [InlineData("run1:shard-")]
    [InlineData(":shard-1")]
    [InlineData("run1:shard-x")]
    public async Task PurgeShard_NotAShard_RefusesAndPurgesNothing(string instanceId)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => PurgeShardFunction.PurgeShard(instanceId, "run1", this.host.Client.Object, this.context.Object));

        Assert.Contains("only shards are purged", error.Message, StringComparison.Ordinal);
        this.host.Client.Verify(c => c.PurgeInstanceAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
