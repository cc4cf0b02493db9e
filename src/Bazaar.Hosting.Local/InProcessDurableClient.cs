using System.Globalization;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Core = DurableTask.Core;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;
using CoreQuery = DurableTask.Core.Query;

namespace Bazaar.Hosting;

/// <summary>
/// The local host's Durable Task client: the Microsoft.DurableTask client API the CLI, the HTTP API and
/// the tests use, answered by the Azure Storage orchestration service's own client half in this process.
/// Starting a run enqueues its start message, raising an event enqueues the event, reading a run reads
/// its instance row (its input downloaded only when asked for), and waiting polls that row. Nothing
/// listens on a port, so there is no endpoint another user of the machine could reach.
/// </summary>
internal sealed class InProcessDurableClient : DurableTaskClient
{
    // How often a wait looks again: soon at first (a short run ends in well under a second), then
    // less often, so a long run's wait costs one instance-row read a second.
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(1);

    private readonly AzureStorageOrchestrationService service;
    private readonly DataConverter converter;

    /// <summary>Initializes a new instance of the <see cref="InProcessDurableClient"/> class.</summary>
    /// <param name="taskHub">The task hub's name, the client's name.</param>
    /// <param name="service">The orchestration service of that hub.</param>
    /// <param name="converter">Writes inputs and events and reads outputs; the worker must use the same.</param>
    public InProcessDurableClient(string taskHub, AzureStorageOrchestrationService service, DataConverter converter)
        : base(taskHub)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(converter);
        this.service = service;
        this.converter = converter;
    }

    private IOrchestrationServicePurgeClient Purger => this.service;

    /// <inheritdoc/>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        tags[OrchestrationTags.RequestTime] = DateTimeOffset.UtcNow.ToString(CultureInfo.InvariantCulture);
        var started = new ExecutionStartedEvent(-1, this.converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = tags,
        };

        // As in Durable Functions, an id still in use is refused (OrchestrationAlreadyExistsException) and an
        // ended one's may be reused, unless the caller says which states to refuse.
        Core.OrchestrationStatus[] refused = options?.DedupeStatuses is { Count: > 0 } statuses
            ? [.. statuses.Select(s => ToCore(Enum.Parse<OrchestrationRuntimeStatus>(s, ignoreCase: true)))]
            : [Core.OrchestrationStatus.Running, Core.OrchestrationStatus.Pending, Core.OrchestrationStatus.Suspended];
        await this.service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, refused).ConfigureAwait(false);
        return instance.InstanceId;
    }

    /// <inheritdoc/>
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return this.SendAsync(instanceId, new EventRaisedEvent(-1, this.converter.Serialize(eventPayload)) { Name = eventName }, cancellation);
    }

    /// <inheritdoc/>
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    /// <inheritdoc/>
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    /// <inheritdoc/>
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return this.service.ForceTerminateTaskOrchestrationAsync(instanceId, this.converter.Serialize(options?.Output));
    }

    /// <inheritdoc/>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();

        // Without its input a run's row is one table read; a large graph's input is a blob besides.
        var states = await this.service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs).ConfigureAwait(false);
        return states is [var state, ..] ? this.ToMetadata(state, getInputsAndOutputs) : null;
    }

    /// <inheritdoc/>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var query = new CoreQuery.OrchestrationQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(ToCore).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                TaskHubNames = filter?.TaskHubNames?.ToList(),
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await this.service.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                [.. result.OrchestrationState.Select(s => this.ToMetadata(s, query.FetchInputsAndOutputs))],
                result.ContinuationToken);
        });

    /// <inheritdoc/>
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc/>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <inheritdoc/>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (await this.GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false) is not { } instance)
        {
            return new PurgeResult(0);
        }

        if (!instance.IsCompleted)
        {
            throw new InvalidOperationException($"Orchestration '{instanceId}' is {instance.RuntimeStatus}; only an ended one can be purged.");
        }

        var result = await this.Purger.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <inheritdoc/>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellation.ThrowIfCancellationRequested();
        var result = await this.Purger.PurgeInstanceStateAsync(new Core.PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(ToCore))).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => default; // The host owns the orchestration service.

    // The two enums share their values: the client's is DurableTask.Core's, renamed.
    private static Core.OrchestrationStatus ToCore(OrchestrationRuntimeStatus status) => (Core.OrchestrationStatus)status;

    private static OrchestrationRuntimeStatus FromCore(Core.OrchestrationStatus status) => (OrchestrationRuntimeStatus)status;

    private static TaskFailureDetails? FromCore(Core.FailureDetails? failure) => failure is null
        ? null
        : new TaskFailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, FromCore(failure.InnerFailure), Properties: null);

    private async Task<OrchestrationMetadata> WaitAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        var wait = FirstPoll;
        while (true)
        {
            var metadata = await this.GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"There is no orchestration '{instanceId}' to wait for.");
            if (done(metadata))
            {
                return getInputsAndOutputs
                    ? await this.GetInstancesAsync(instanceId, getInputsAndOutputs: true, cancellation).ConfigureAwait(false) ?? metadata
                    : metadata;
            }

            await Task.Delay(wait, cancellation).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestPoll.Ticks));
        }
    }

    private Task SendAsync(string instanceId, HistoryEvent @event, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return this.service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = @event,
        });
    }

    private OrchestrationMetadata ToMetadata(Core.OrchestrationState state, bool getInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = getInputsAndOutputs ? this.converter : null,
            RuntimeStatus = FromCore(state.OrchestrationStatus),
            CreatedAt = state.CreatedTime,
            LastUpdatedAt = state.LastUpdatedTime,
            SerializedInput = getInputsAndOutputs ? state.Input : null,
            SerializedOutput = getInputsAndOutputs ? state.Output : null,
            SerializedCustomStatus = state.Status,
            FailureDetails = FromCore(state.FailureDetails),
        };
}
