using Bazaar.Functions.Orchestration;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Moq;

namespace Bazaar.Functions.Tests.Orchestration;

public class RunShardFunctionTests
{
    private readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };

    public RunShardFunctionTests()
    {
        this.context.SetupGet(c => c.InstanceId).Returns("run1:shard-3");
        this.context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
        this.context
            .Setup(c => c.WaitForExternalEvent<string>(BazaarTasks.CancelEvent, It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<string>().Task);
    }

    [Fact]
    public async Task RunShard_ShardRequest_RunsItsStepsAndListensForFailFast()
    {
        var input = new ShardRequest { RunId = "run1", Graph = TestGraphs.Marker, Shard = 3, Options = new RunOptions { ShardSize = 0 } };
        this.context.Setup(c => c.GetInput<ShardRequest>()).Returns(input);
        this.context
            .Setup(c => c.WaitForExternalEvent<string>(BazaarTasks.FailFastEvent, It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<string>().Task);
        this.context
            .Setup(c => c.CallActivityAsync<StepResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync((TaskName _, object? request, TaskOptions? _) =>
                new StepResult { Step = ((ExecuteStepRequest)request!).Step.Name, State = StepState.Succeeded, Attempts = 1 });

        var result = await RunShardFunction.RunShard(this.context.Object).WaitAsync(TestTimeout.Token());

        Assert.True(result.Succeeded);
        this.context.Verify(c => c.WaitForExternalEvent<string>(BazaarTasks.FailFastEvent, It.IsAny<CancellationToken>()), Times.Once);

        // A shard ends by storing its steps' full results, as its own activity.
        this.context.Verify(
            c => c.CallActivityAsync<string>(
                It.Is<TaskName>(n => n.Name == BazaarTasks.SaveShardResult),
                It.Is<ShardResultRequest>(r => r.RunId == "run1" && r.Shard == 3 && r.Steps.Count == input.Graph.Steps.Count),
                It.IsAny<TaskOptions?>()),
            Times.Once);
    }

    [Fact]
    public void RunShard_NoInput_ThrowsNamingTheInstance()
    {
        this.context.Setup(c => c.GetInput<ShardRequest>()).Returns((ShardRequest?)null);

        // Thrown at once, before the orchestrator starts: an action, not an awaited task.
        var error = Assert.Throws<InvalidOperationException>(() => { _ = RunShardFunction.RunShard(this.context.Object); });

        Assert.Contains("run1:shard-3", error.Message, StringComparison.Ordinal);
    }
}
