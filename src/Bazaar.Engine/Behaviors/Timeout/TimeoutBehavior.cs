using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Behaviors;

/// <summary>
/// The timeout behaviour's orchestration half: it gives each attempt its deadline
/// (<see cref="StepDeadline"/>, from this moment, the attempt's dispatch) and backs the remote's and the
/// activity's enforcement up with a durable timer at the deadline plus <see cref="Orchestration.RunOptions.TimeoutGrace"/>:
/// if the attempt has not reported by then — its host hung or died — it fails without it.
/// </summary>
internal sealed class TimeoutBehavior : IStepBehavior
{
    /// <inheritdoc/>
    public async Task<StepResult> RunAsync(StepDispatch step, Func<StepDispatch, Task<StepResult>> next)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(next);
        if (StepDeadline.From(step.Step, step.Context.CurrentUtcDateTime) is not { } deadline)
        {
            return await next(step);
        }

        var request = step.Request with { Deadline = deadline };
        var attempt = next(step with { Request = request });
        using var stopTimer = new CancellationTokenSource();
        var backstop = step.Context.WaitUntil((deadline + request.TimeoutGrace).UtcDateTime, stopTimer.Token);
        if (await Task.WhenAny(attempt, backstop) == attempt)
        {
            stopTimer.Cancel();
            return await attempt;
        }

        var unreported = new StepResult { Step = step.Step.Name, State = StepState.Running, Remote = step.Step.Remote.Type, Attempts = request.Attempt };
        return Backstop.Failed(unreported, request, "The run stopped waiting for it; the work may still be running there.");
    }
}
