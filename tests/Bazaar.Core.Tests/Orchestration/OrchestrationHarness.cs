using Bazaar.Graphs;
using Bazaar.Orchestration;
using Microsoft.DurableTask;
using Moq;

namespace Bazaar.Core.Tests.Orchestration;

/// <summary>
/// Drives <see cref="RunGraphOrchestrator"/> against a mocked <see cref="TaskOrchestrationContext"/>:
/// every activity call is recorded and stays pending until the test completes it.
/// </summary>
internal sealed class OrchestrationHarness
{
    private readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };
    private readonly Dictionary<string, TaskCompletionSource<StepResult>> pending = [];
    private readonly TaskCompletionSource<string> cancelRequest = new();
    private DateTime now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    public OrchestrationHarness()
    {
        this.context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => this.now);
        this.context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => this.Statuses.Add((RunStatus)s!));
        this.context
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
        this.context
            .Setup(c => c.WaitForExternalEvent<string>(BazaarTasks.CancelEvent, It.IsAny<CancellationToken>()))
            .Returns(this.cancelRequest.Task);
        this.context
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
    }

    public List<ExecuteStepRequest> Calls { get; } = [];

    public List<RunStatus> Statuses { get; } = [];

    public List<TimeSpan> Timers { get; } = [];

    /// <summary>Gets or sets a value indicating whether durable timers stay pending (until cancelled) instead of firing at once.</summary>
    public bool HoldTimers { get; set; }

    public IEnumerable<string> Pending => this.pending.Keys.Order(StringComparer.Ordinal);

    public Task<RunResult> Start(GraphDefinition graph, RunOptions? options = null, params string[] inputs) =>
        this.Start(new RunRequest { RunId = "run1", Graph = graph, Inputs = inputs, Options = options ?? new RunOptions() });

    public Task<RunResult> Start(RunRequest request) => new RunGraphOrchestrator().RunAsync(this.context.Object, request);

    public void Cancel(string reason) => this.cancelRequest.SetResult(reason);

    public void Cancelled(string step) => this.Finish(step, StepState.Cancelled, exitCode: 143);

    public void Succeed(string step) => this.Finish(step, StepState.Succeeded, exitCode: 0);

    public void Fail(string step, int exitCode = 1, bool retryable = false) => this.Finish(step, StepState.Failed, exitCode, retryable);

    public void Throw(string step, string message)
    {
        var source = this.Take(step);
        source.SetException(new TaskFailedException(BazaarTasks.ExecuteStep, 1, new TaskFailureDetails("IOException", message, null, null, null)));
    }

    private void Finish(string step, StepState state, int exitCode, bool retryable = false)
    {
        var source = this.Take(step);
        var attempt = this.Calls.Last(c => c.Step.Name == step).Attempt;
        source.SetResult(new StepResult { Step = step, State = state, ExitCode = exitCode, Attempts = attempt, Remote = "process", Retryable = retryable });
    }

    private TaskCompletionSource<StepResult> Take(string step)
    {
        Assert.True(this.pending.Remove(step, out var source), $"step '{step}' is not in flight; in flight: {string.Join(", ", this.Pending)}");
        return source!;
    }
}
