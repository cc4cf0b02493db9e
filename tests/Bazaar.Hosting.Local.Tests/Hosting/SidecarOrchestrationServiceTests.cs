using Bazaar.Hosting;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Bazaar.Hosting.Local.Tests.Hosting;

public sealed class SidecarOrchestrationServiceTests
{
    private readonly Mock<IOrchestrationService> inner = new(MockBehavior.Strict);

    [Fact]
    public async Task StopAsync_BeforeStart_DoesNotStopTheInnerService()
    {
        var renewal = this.Create();

        await renewal.StopAsync(isForced: false);

        this.inner.Verify(s => s.StopAsync(It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task StopAsync_Twice_StopsTheInnerServiceOnce()
    {
        this.inner.Setup(s => s.StartAsync()).Returns(Task.CompletedTask);
        this.inner.Setup(s => s.StopAsync(false)).Returns(Task.CompletedTask);
        var renewal = this.Create();
        await renewal.StartAsync();

        // The sidecar's stopping callback, then the host's dispose: Azure Storage's second stop throws.
        await renewal.StopAsync();
        await renewal.StopAsync(isForced: false);

        this.inner.Verify(s => s.StopAsync(false), Times.Once);
    }

    [Fact]
    public async Task StopAsync_WhenStartFailed_DoesNotStopTheInnerService()
    {
        this.inner.Setup(s => s.StartAsync()).Returns(Task.FromException(new InvalidOperationException("storage down")));
        var renewal = this.Create();
        await Assert.ThrowsAsync<InvalidOperationException>(renewal.StartAsync);

        await renewal.StopAsync(isForced: true);

        this.inner.Verify(s => s.StopAsync(It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task CompleteTaskOrchestrationWorkItemAsync_SubOrchestrationStart_HandsOnItsTagsAsAPlainDictionary()
    {
        // The sidecar hands tags over as the gRPC map type, which Azure Storage cannot read back.
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["origin"] = "run1" };
        var start = new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "run1:shard-0" },
            Event = new ExecutionStartedEvent(-1, "{}") { Tags = tags },
        };
        IList<TaskMessage>? handedOn = null;
        this.inner
            .Setup(s => s.CompleteTaskOrchestrationWorkItemAsync(
                It.IsAny<TaskOrchestrationWorkItem>(), It.IsAny<OrchestrationRuntimeState>(), It.IsAny<IList<TaskMessage>>(),
                It.IsAny<IList<TaskMessage>>(), It.IsAny<IList<TaskMessage>>(), It.IsAny<TaskMessage>(), It.IsAny<OrchestrationState>()))
            .Callback<TaskOrchestrationWorkItem, OrchestrationRuntimeState, IList<TaskMessage>, IList<TaskMessage>, IList<TaskMessage>, TaskMessage, OrchestrationState>(
                (_, _, _, orchestratorMessages, _, _, _) => handedOn = orchestratorMessages)
            .Returns(Task.CompletedTask);

        await this.Create().CompleteTaskOrchestrationWorkItemAsync(new TaskOrchestrationWorkItem(), new OrchestrationRuntimeState(), [], [start], [], null!, new OrchestrationState());

        var handedTags = ((ExecutionStartedEvent)Assert.Single(handedOn!).Event).Tags;
        Assert.IsType<Dictionary<string, string>>(handedTags);
        Assert.Equal("run1", handedTags["origin"]);
    }

    [Fact]
    public void PlainEvents_SidecarsSubOrchestrationCreatedEvent_BecomesDurableTaskCoresTypeWithTheSameFields()
    {
        // Azure Storage writes a history row from the runtime type's data members; the sidecar's subclass has none.
        var state = new OrchestrationRuntimeState();
        var created = new SidecarCreatedEvent(7) { Name = "RunGraphShard", InstanceId = "run1:shard-0", Input = "{}" };
        state.AddEvent(new OrchestratorStartedEvent(-1));
        state.AddEvent(created);

        SidecarOrchestrationService.PlainEvents(state);

        var plain = Assert.IsType<SubOrchestrationInstanceCreatedEvent>(state.NewEvents[1]);
        Assert.Same(plain, state.Events[1]);
        Assert.Equal((7, "RunGraphShard", "run1:shard-0", "{}"), (plain.EventId, plain.Name, plain.InstanceId, plain.Input));
    }

    private SidecarOrchestrationService Create() => new(this.inner.Object, TimeSpan.FromSeconds(5), NullLogger.Instance);
}

/// <summary>Stands for the sidecar's own subclass of the event, which declares no data members.</summary>
internal sealed class SidecarCreatedEvent(int eventId) : SubOrchestrationInstanceCreatedEvent(eventId);
