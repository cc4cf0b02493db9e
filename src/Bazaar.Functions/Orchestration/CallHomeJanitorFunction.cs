using Bazaar.CallHome;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Bazaar.Functions.Orchestration;

/// <summary>
/// The call-home janitor in the Function App: every 15 minutes the container groups (and tasks and jobs) Bazaar left
/// whose run has ended are deleted (<see cref="CallHomeJanitor"/>). A dead worker's leftovers would otherwise bill
/// until someone notices them. Not on startup: every instance a scale-out starts would sweep at once.
/// </summary>
/// <param name="janitor">The engine's janitor.</param>
public sealed class CallHomeJanitorFunction(CallHomeJanitor janitor)
{
    /// <summary>The schedule: every 15 minutes, the same as <see cref="CallHomeJanitor.Interval"/>.</summary>
    public const string Schedule = "0 */15 * * * *";

    /// <summary>Sweeps once.</summary>
    /// <param name="timer">The timer's firing.</param>
    /// <param name="client">The task hub's client.</param>
    /// <param name="executionContext">The function's context.</param>
    /// <returns>A task that completes when the sweep has; what it found, did and could not do is in the log.</returns>
    [Function("CallHomeJanitor")]
    public Task Sweep(
        [TimerTrigger(Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext executionContext)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        return janitor.SweepAsync(client, executionContext.CancellationToken);
    }
}
