using Bazaar.Functions.Orchestration;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Moq;

namespace Bazaar.Functions.Tests.Orchestration;

public class RunGraphFunctionTests
{
    private readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };

    public RunGraphFunctionTests()
    {
        this.context.SetupGet(c => c.InstanceId).Returns("run1");
        this.context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
        this.context
            .Setup(c => c.WaitForExternalEvent<string>(BazaarTasks.CancelEvent, It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<string>().Task);
    }

    [Fact]
    public async Task RunGraph_RunRequestInput_RunsEachStepThroughTheExecuteStepActivity()
    {
        var input = new RunRequest { RunId = "run1", Graph = TestGraphs.Marker };
        this.context.Setup(c => c.GetInput<RunRequest>()).Returns(input);
        this.context
            .Setup(c => c.CallActivityAsync<StepResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync((TaskName _, object? request, TaskOptions? _) =>
                new StepResult { Step = ((ExecuteStepRequest)request!).Step.Name, State = StepState.Succeeded, Attempts = 1 });

        var result = await RunGraphFunction.RunGraph(this.context.Object).WaitAsync(TestTimeout.Token());

        Assert.True(result.Succeeded);
        Assert.Equal("run1", result.RunId);
        this.context.Verify(
            c => c.CallActivityAsync<StepResult>(
                It.Is<TaskName>(n => n.Name == BazaarTasks.ExecuteStep),
                It.Is<object?>(r => ((ExecuteStepRequest)r!).RunId == "run1" && ((ExecuteStepRequest)r!).Step.Name == "mark"),
                It.IsAny<TaskOptions?>()),
            Times.Once);
    }

    [Fact]
    public void RunGraph_NoInput_ThrowsNamingTheInstance()
    {
        this.context.Setup(c => c.GetInput<RunRequest>()).Returns((RunRequest?)null);

        // Thrown at once, before the orchestrator starts: an action, not an awaited task.
        var error = Assert.Throws<InvalidOperationException>(() => { _ = RunGraphFunction.RunGraph(this.context.Object); });

        Assert.Contains("run1", error.Message, StringComparison.Ordinal);
    }
}
