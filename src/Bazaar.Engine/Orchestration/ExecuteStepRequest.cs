using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>The input of the <c>ExecuteStep</c> activity: one attempt of one step.</summary>
public sealed record ExecuteStepRequest
{
    /// <summary>Gets the run.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the step.</summary>
    public required StepDefinition Step { get; init; }

    /// <summary>Gets the attempt, from 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>
    /// Gets the names of every secret any step of the graph declares: the host withholds those it
    /// does not give this step, and redacts the values of all of them from what this step leaves.
    /// Names only; values never travel through the orchestration.
    /// </summary>
    public IReadOnlyList<string> GraphSecrets { get; init; } = [];

    /// <summary>
    /// Gets when this attempt must have ended: the step's timeout counted from the moment the run
    /// dispatched the attempt (<see cref="Behaviors.StepDeadline"/>), or <see langword="null"/> when the
    /// step has none (or the request was made before deadlines travelled with it).
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>
    /// Gets how long past the step's timeout the activity lets the remote run before it cancels
    /// the remote itself, for a remote that does not enforce the timeout (<see cref="RunOptions.TimeoutGrace"/>).
    /// </summary>
    public TimeSpan TimeoutGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how often the run asks a call-home remote how the attempt's job is (<see cref="RunOptions.CallHomeCheck"/>).</summary>
    public TimeSpan CallHomeCheck { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets, for a call-home attempt already submitted, how the orchestration's wait for it ended: the
    /// activity then ends the attempt (cross-checks, collects, cancels and deletes the job) instead of
    /// starting one.
    /// </summary>
    public CallHomeEnd? End { get; init; }
}
