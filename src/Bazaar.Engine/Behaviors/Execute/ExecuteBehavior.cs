using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Behaviors;

/// <summary>
/// The execute behaviour's orchestration half, last in the chain: it carries one attempt out. Most
/// remotes answer inside the <c>ExecuteStep</c> activity (<see cref="RemoteExecution"/> runs them
/// there). A call-home remote's work outlives an activity: the activity submits it and returns the
/// attempt still running, naming its job, and <see cref="CallHomeAttempt"/> waits here for the job to
/// call home before the activity ends the attempt — the behaviours before this one (retry, timeout,
/// skip, cache) stay as they are.
/// </summary>
internal sealed class ExecuteBehavior : IStepBehavior
{
    /// <inheritdoc/>
    public async Task<StepResult> RunAsync(StepDispatch step, Func<StepDispatch, Task<StepResult>> next)
    {
        ArgumentNullException.ThrowIfNull(step);
        var request = step.Request;
        try
        {
            var result = await step.Context.CallActivityAsync<StepResult>(BazaarTasks.ExecuteStep, request);
            return result is { State: StepState.Running, Job: not null } ? await CallHomeAttempt.WaitAsync(step, result) : result;
        }
        catch (TaskFailedException ex)
        {
            // The activity reports step failures as results; an exception here means the host
            // itself could not run it (a crash, a storage outage), which is worth another try.
            return HistoryText.ForHistory(new StepResult
            {
                Step = request.Step.Name,
                State = StepState.Failed,
                Remote = request.Step.Remote.Type,
                Attempts = request.Attempt,
                Failure = FailureKind.Infrastructure,
                Error = $"step '{request.Step.Name}' could not be run by the host: {ex.FailureDetails?.ErrorMessage ?? ex.Message}",
            });
        }
    }
}
