using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask;
using Moq;

namespace Bazaar.Engine.Tests.Orchestration;

/// <summary>
/// Drives <see cref="RunGraphOrchestrator"/> (and the <see cref="RunShardOrchestrator"/>s it starts)
/// against mocked <see cref="TaskOrchestrationContext"/>s: every activity call is recorded and stays
/// pending until the test completes it.
/// </summary>
internal sealed class OrchestrationHarness
{
    private readonly Mock<TaskOrchestrationContext> context;
    private readonly Dictionary<string, TaskCompletionSource<StepResult>> pending = [];
    private readonly Dictionary<(string Instance, string Event), TaskCompletionSource<string>> events = [];
    private DateTime now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    public OrchestrationHarness()
    {
        this.context = this.CreateContext("run1", this.Statuses);
    }

    /// <summary>Gets the shards started as sub-orchestrations: instance id and request, in the order they started.</summary>
    public List<(string InstanceId, ShardRequest Request)> Shards { get; } = [];

    /// <summary>Gets the events the run sent its shards: instance id, event name and data.</summary>
    public List<(string InstanceId, string Name, string Data)> Sent { get; } = [];

    public List<ExecuteStepRequest> Calls { get; } = [];

    /// <summary>Gets the shard results stored through <see cref="BazaarTasks.SaveShardResult"/>, in the order they were stored.</summary>
    public List<ShardResultRequest> Saved { get; } = [];

    /// <summary>Gets the shard instances the run purged, in the order it asked.</summary>
    public List<string> Purged { get; } = [];

    /// <summary>Gets the shard instances that fail as orchestrations (their host could not run them).</summary>
    public HashSet<string> BrokenShards { get; } = [];

    /// <summary>Gets or sets a value indicating whether storing a shard's results fails (the store is down).</summary>
    public bool FailSaves { get; set; }

    public List<RunStatus> Statuses { get; } = [];

    public List<TimeSpan> Timers { get; } = [];

    /// <summary>Gets or sets a value indicating whether durable timers stay pending (until cancelled) instead of firing at once.</summary>
    public bool HoldTimers { get; set; }

    public IEnumerable<string> Pending => this.pending.Keys.Order(StringComparer.Ordinal);

    public Task<RunResult> Start(GraphDefinition graph, RunOptions? options = null, params string[] inputs) =>
        this.Start(new RunRequest { RunId = "run1", Graph = graph, Inputs = inputs, Options = options ?? new RunOptions() });

    public Task<RunResult> Start(RunRequest request) => new RunGraphOrchestrator().RunAsync(this.context.Object, request);

    /// <summary>Starts one shard on its own, as its run would: on a context whose instance id is the shard's.</summary>
    public Task<RunResult> StartShard(ShardRequest request) =>
        new RunShardOrchestrator().RunAsync(this.CreateContext(BazaarTasks.ShardInstanceId(request.RunId, request.Shard), this.Statuses).Object, request);

    /// <summary>Raises an external event on an instance, as <c>RaiseEventAsync</c> or another orchestration would.</summary>
    public void Raise(string instanceId, string name, string data) => this.Event(instanceId, name).SetResult(data);

    /// <summary>Reads a sharded run's result whole, as <see cref="Bazaar.Hosting.RunResults.ReadAsync"/> does from the store.</summary>
    public RunResult Whole(RunResult result) => Bazaar.Hosting.RunResults.Merge(result, this.Saved.Select(s => s.Steps));

    public void Cancel(string reason) => this.Event("run1", BazaarTasks.CancelEvent).SetResult(reason);

    public void Cancelled(string step) => this.Finish(step, StepState.Cancelled, exitCode: 143);

    public void Succeed(string step) => this.Finish(step, StepState.Succeeded, exitCode: 0);

    public void Fail(string step, int exitCode = 1, bool retryable = false) =>
        this.Fail(step, retryable ? FailureKind.Infrastructure : FailureKind.StepFailed, exitCode);

    public void Fail(string step, FailureKind kind, int exitCode = 1) => this.Finish(step, StepState.Failed, exitCode, kind);

    /// <summary>Ends a step in flight with a result the test made whole (a record as an older version wrote it, say).</summary>
    public void Report(string step, StepResult result) => this.Take(step).SetResult(result);

    public void Throw(string step, string message)
    {
        var source = this.Take(step);
        source.SetException(new TaskFailedException(BazaarTasks.ExecuteStep, 1, new TaskFailureDetails("IOException", message, null, null, null)));
    }

    /// <summary>
    /// A mocked context for the run or one of its shards: activity calls land in the shared
    /// <see cref="pending"/>, sub-orchestrations run <see cref="RunShardOrchestrator"/> on a context
    /// of their own, and events sent to an instance complete what it waits for.
    /// </summary>
    private Mock<TaskOrchestrationContext> CreateContext(string instanceId, List<RunStatus> statuses)
    {
        var context = new Mock<TaskOrchestrationContext> { CallBase = true };
        context.SetupGet(c => c.InstanceId).Returns(instanceId);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => this.now);
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => statuses.Add((RunStatus)s!));
        context
            .Setup(c => c.CallActivityAsync<StepResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                Assert.Equal(BazaarTasks.ExecuteStep, name.Name);
                var request = (ExecuteStepRequest)input!;
                this.Calls.Add(request);
                var source = new TaskCompletionSource<StepResult>();
                this.pending[request.Step.Name] = source;
                return source.Task;
            });
        context
            .Setup(c => c.CallActivityAsync<string>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                Assert.Equal(BazaarTasks.SaveShardResult, name.Name);
                var request = (ShardResultRequest)input!;
                if (this.FailSaves)
                {
                    return Task.FromException<string>(new TaskFailedException(name, 1, new TaskFailureDetails("RequestFailedException", "storage is down", null, null, null)));
                }

                this.Saved.Add(request);
                return Task.FromResult($"runs/{request.RunId}/shards/{request.Shard}.json");
            });
        context
            .Setup(c => c.CallActivityAsync<bool>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                Assert.Equal(BazaarTasks.PurgeShard, name.Name);
                this.Purged.Add((string)input!);
                return Task.FromResult(true);
            });
        context
            .Setup(c => c.CallSubOrchestratorAsync<RunResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, options) =>
            {
                Assert.Equal(BazaarTasks.RunShard, name.Name);
                var id = Assert.IsType<SubOrchestrationOptions>(options).InstanceId!;
                var request = (ShardRequest)input!;
                this.Shards.Add((id, request));
                if (this.BrokenShards.Contains(id))
                {
                    return Task.FromException<RunResult>(new TaskFailedException(name, 1, new TaskFailureDetails("InvalidOperationException", "orchestrator crashed", null, null, null)));
                }

                return new RunShardOrchestrator().RunAsync(this.CreateContext(id, []).Object, request);
            });
        context
            .Setup(c => c.SendEvent(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object>()))
            .Callback<string, string, object>((to, name, data) =>
            {
                this.Sent.Add((to, name, (string)data));
                this.Event(to, name).TrySetResult((string)data);
            });
        context
            .Setup(c => c.WaitForExternalEvent<string>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((name, _) => this.Event(instanceId, name).Task);
        context
            .Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns<DateTime, CancellationToken>((fireAt, cancel) =>
            {
                this.Timers.Add(fireAt - this.now);
                if (this.HoldTimers)
                {
                    return Task.Delay(Timeout.Infinite, cancel);
                }

                this.now = fireAt;
                return Task.CompletedTask;
            });
        return context;
    }

    private TaskCompletionSource<string> Event(string instanceId, string name)
    {
        if (!this.events.TryGetValue((instanceId, name), out var source))
        {
            source = new TaskCompletionSource<string>();
            this.events[(instanceId, name)] = source;
        }

        return source;
    }

    private void Finish(string step, StepState state, int exitCode, FailureKind? kind = null)
    {
        var source = this.Take(step);
        var attempt = this.Calls.Last(c => c.Step.Name == step).Attempt;
        source.SetResult(new StepResult { Step = step, State = state, ExitCode = exitCode, Attempts = attempt, Remote = "process", Failure = kind });
    }

    private TaskCompletionSource<StepResult> Take(string step)
    {
        Assert.True(this.pending.Remove(step, out var source), $"step '{step}' is not in flight; in flight: {string.Join(", ", this.Pending)}");
        return source!;
    }
}
