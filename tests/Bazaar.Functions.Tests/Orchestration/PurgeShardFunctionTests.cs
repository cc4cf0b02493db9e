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
        this.host.Client.Setup(c => c.PurgeInstanceAsync("run1:shard-4", It.IsAny<CancellationToken>())).ReturnsAsync(new PurgeResult(1));

        var purged = await PurgeShardFunction.PurgeShard("run1:shard-4", "run1", this.host.Client.Object, this.context.Object).WaitAsync(TestTimeout.Token());

        Assert.True(purged);
        this.host.Client.Verify(c => c.PurgeInstanceAsync("run1:shard-4", It.IsAny<CancellationToken>()), Times.Once);
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
