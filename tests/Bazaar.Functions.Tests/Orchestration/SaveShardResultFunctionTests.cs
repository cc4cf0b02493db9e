using Bazaar.Functions.Orchestration;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.Azure.Functions.Worker;
using Moq;

namespace Bazaar.Functions.Tests.Orchestration;

public sealed class SaveShardResultFunctionTests : IDisposable
{
    private readonly FunctionHost host = new(_ => { });

    public void Dispose() => this.host.Dispose();

    [Fact]
    public async Task SaveShardResult_ShardSteps_WritesThemToTheStoreAndReturnsWhere()
    {
        IReadOnlyList<StepResult> steps = [new StepResult { Step = "a", State = StepState.Succeeded, ExitCode = 0 }];
        this.host.Records
            .Setup(s => s.WriteShardResultAsync("run1", 2, steps, It.IsAny<CancellationToken>()))
            .ReturnsAsync("runs/run1/shards/2.json");
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(this.host.Services);
        var request = new ShardResultRequest { RunId = "run1", Shard = 2, Steps = steps };

        var written = await SaveShardResultFunction.SaveShardResult(request, "run1:shard-2", context.Object).WaitAsync(TestTimeout.Token());

        Assert.Equal("runs/run1/shards/2.json", written);
        this.host.Records.Verify(s => s.WriteShardResultAsync("run1", 2, steps, It.IsAny<CancellationToken>()), Times.Once);
    }
}
