using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace Bazaar.Hosting;

/// <summary>
/// The orchestration service the local sidecar dispatches from, with two things added: while an
/// activity work item is held, its queue message's lock is renewed every <paramref name="renewEvery"/>;
/// and the tags of the events an orchestration emits become plain dictionaries before they are stored.
/// </summary>
/// <remarks>
/// <para>
/// The sidecar passes tags through as the gRPC message's own map type; Azure Storage serializes
/// messages with their .NET type names, and cannot load that type back when it reads the message, so
/// a sub-orchestration's start message (which carries tags) was retried forever and the sub-orchestration
/// never ran.
/// </para>
/// <para>
/// DurableTask.Core's own activity dispatcher renews these locks; the in-process sidecar's dispatcher
/// does not. Without renewal, a step that runs longer than the work-item visibility timeout becomes
/// visible again and runs a second time, so the timeout had to stay long (5 minutes), which in turn is
/// how long a host killed mid-step kept its steps hidden from the next one. Renewing lets the timeout
/// be short: a dead host's steps come back within seconds, a live host's never do.
/// </para>
/// </remarks>
/// <param name="inner">The Azure Storage orchestration service.</param>
/// <param name="renewEvery">How often a held activity's lock is renewed; well under the visibility timeout.</param>
/// <param name="logger">Where failed renewals are logged.</param>
internal sealed class SidecarOrchestrationService(IOrchestrationService inner, TimeSpan renewEvery, ILogger logger) : IOrchestrationService
{
    private readonly ConcurrentDictionary<TaskActivityWorkItem, CancellationTokenSource> held = new(ReferenceEqualityComparer.Instance);
    private Task? started;
    private Lazy<Task>? stopping;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            var stop = new CancellationTokenSource();
            this.held[workItem] = stop;
            _ = Task.Run(() => this.RenewWhileHeldAsync(workItem, stop.Token), CancellationToken.None);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await this.StopRenewingAsync(workItem).ConfigureAwait(false);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await this.StopRenewingAsync(workItem).ConfigureAwait(false);
        await inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    public Task StartAsync()
    {
        var start = inner.StartAsync();
        Volatile.Write(ref this.started, start);
        return start;
    }

    public Task StopAsync() => this.StopAsync(isForced: false);

    /// <summary>
    /// Stops what started, only that, and only once: Azure Storage's <c>StopAsync</c> throws a
    /// <see cref="NullReferenceException"/> when <c>StartAsync</c> has not run, and an
    /// <see cref="ObjectDisposedException"/> when it runs a second time (its lease managers dispose their
    /// tokens). The sidecar calls it from its stopping callback and the host again when it is disposed,
    /// where either exception would end the process or fail the dispose.
    /// </summary>
    public Task StopAsync(bool isForced)
    {
        var stopping = new Lazy<Task>(() => this.StopOnceAsync(isForced));
        return (Interlocked.CompareExchange(ref this.stopping, stopping, null) ?? stopping).Value;
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        if (newOrchestrationRuntimeState is not null)
        {
            PlainEvents(newOrchestrationRuntimeState);
        }

        var messages = outboundMessages.Concat(orchestratorMessages).Concat(timerMessages).Append(continuedAsNewMessage);
        foreach (var historyEvent in messages.Where(m => m is not null).Select(m => m.Event).Concat(newOrchestrationRuntimeState?.NewEvents ?? []))
        {
            PlainTags(historyEvent);
        }

        return inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>
    /// Replaces the sidecar's own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/> in the
    /// new history with DurableTask.Core's type: Azure Storage writes a history row from the
    /// [DataMember]s of the event's runtime type, the subclass declares none, and the empty row it
    /// wrote made every later read of the run's history fail.
    /// </summary>
    internal static void PlainEvents(OrchestrationRuntimeState state)
    {
        for (var i = 0; i < state.NewEvents.Count; i++)
        {
            if (state.NewEvents[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                var plain = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = created.ClientSpanId,
                    Tags = Plain(created.Tags),
                };
                state.NewEvents[i] = plain;
                for (var j = 0; j < state.Events.Count; j++)
                {
                    if (ReferenceEquals(state.Events[j], created))
                    {
                        state.Events[j] = plain;
                    }
                }
            }
        }
    }

    /// <summary>Replaces an event's tags, whatever their type, with a <see cref="Dictionary{TKey, TValue}"/> of the same entries.</summary>
    internal static void PlainTags(HistoryEvent historyEvent)
    {
        switch (historyEvent)
        {
            case ExecutionStartedEvent started:
                started.Tags = Plain(started.Tags);
                break;
            case SubOrchestrationInstanceCreatedEvent created:
                created.Tags = Plain(created.Tags);
                break;
            case TaskScheduledEvent scheduled:
                scheduled.Tags = Plain(scheduled.Tags);
                break;
        }
    }

    private static IDictionary<string, string>? Plain(IDictionary<string, string>? tags) =>
        tags is null || tags.GetType() == typeof(Dictionary<string, string>) ? tags : new Dictionary<string, string>(tags);

    private async Task StopOnceAsync(bool isForced)
    {
        if (Volatile.Read(ref this.started) is not { } start)
        {
            return;
        }

        await Task.WhenAny(start).ConfigureAwait(false);
        if (start.IsCompletedSuccessfully)
        {
            await inner.StopAsync(isForced).ConfigureAwait(false);
        }
    }

    private async Task StopRenewingAsync(TaskActivityWorkItem workItem)
    {
        if (this.held.TryRemove(workItem, out var stop))
        {
            await stop.CancelAsync().ConfigureAwait(false);
            stop.Dispose();
        }
    }

    private async Task RenewWhileHeldAsync(TaskActivityWorkItem workItem, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(renewEvery, stop).ConfigureAwait(false);
                try
                {
                    await inner.RenewTaskActivityWorkItemLockAsync(workItem).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage briefly unreachable: the next renewal may still land before the lock lapses,
                    // and if none does the step runs again elsewhere — at least once, never lost.
                    Logs.ActivityLockRenewFailed(logger, e, workItem.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Completed or abandoned: nothing left to hold.
        }
        catch (ObjectDisposedException)
        {
            // Completed while this renewal was being scheduled.
        }
    }
}
