using Bazaar.Graphs;

namespace Bazaar.Behaviors;

/// <summary>
/// The one moment a step's timeout is measured from: when the run dispatches the attempt (the
/// orchestration's <c>CurrentUtcDateTime</c> as it calls the attempt's activity). The deadline — that
/// moment plus the step's <c>timeout:</c> — travels with the attempt's request, and every layer uses
/// it: the remote kills the work at the deadline, the activity cancels the remote at the deadline plus
/// the grace, and the orchestrator's durable timer stops waiting at the deadline plus the grace. The
/// time an attempt spends fetching its inputs, starting its container or waiting for a free slot on
/// its host therefore counts against its timeout.
/// </summary>
internal static class StepDeadline
{
    /// <summary>The deadline of an attempt dispatched at <paramref name="dispatchedAt"/>.</summary>
    /// <param name="step">The step.</param>
    /// <param name="dispatchedAt">When the run dispatched the attempt.</param>
    /// <returns>The deadline, or <see langword="null"/> when the step has no timeout.</returns>
    public static DateTimeOffset? From(StepDefinition step, DateTime dispatchedAt) =>
        step.Timeout is { } timeout ? new DateTimeOffset(DateTime.SpecifyKind(dispatchedAt, DateTimeKind.Utc)) + timeout : null;
}
