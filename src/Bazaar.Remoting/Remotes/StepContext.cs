using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>Everything a remote gets to run one attempt of a step.</summary>
public sealed record StepContext
{
    /// <summary>Gets the run.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the step.</summary>
    public required StepDefinition Step { get; init; }

    /// <summary>Gets the attempt, from 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets the step's remote and its settings.</summary>
    public RemoteDefinition Remote => this.Step.Remote;

    /// <summary>Gets the workspace helper: puts inputs into a folder and takes outputs out of it.</summary>
    public required IStepWorkspace Workspace { get; init; }

    /// <summary>Gets the step attempt's log.</summary>
    public required IStepLog Log { get; init; }

    /// <summary>Gets the step's timeout, or <see langword="null"/> for none; the remote kills the work when it passes.</summary>
    public TimeSpan? Timeout => this.Step.Timeout;

    /// <summary>
    /// Gets when the attempt must have ended: the step's <see cref="Timeout"/> counted from the moment the
    /// run dispatched the attempt, the one moment every layer measures a timeout from (the remote, the
    /// activity's backstop, the orchestrator's durable timer). <see langword="null"/> when the step has no
    /// timeout, or when whoever made this context did not set it; <see cref="CreateDeadline"/> then counts
    /// the timeout from now.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Gets the environment variables Bazaar sets for every step (<c>BAZAAR_*</c>) merged with the step's own.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>
    /// Gets the names of host environment variables this step must not see: other steps' secrets.
    /// A remote that starts from the host's environment removes them; the others never pass the
    /// host's environment on.
    /// </summary>
    public IReadOnlyList<string> WithheldVariables { get; init; } = [];

    /// <summary>
    /// Creates a token source cancelled at the attempt's <see cref="Deadline"/> (without one, when the
    /// step's <see cref="Timeout"/> has passed, counted from now); never cancelled when the step has no
    /// timeout (or one too long for a timer, about 49 days).
    /// </summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The source; the caller disposes it.</returns>
    public CancellationTokenSource CreateDeadline(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var left = this.Deadline is { } deadline ? deadline - timeProvider.GetUtcNow() : this.Timeout;
        return left is null || left.Value.TotalMilliseconds >= uint.MaxValue - 1
            ? new CancellationTokenSource()
            : new CancellationTokenSource(left.Value < TimeSpan.Zero ? TimeSpan.Zero : left.Value, timeProvider);
    }
}
