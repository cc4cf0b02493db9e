namespace Bazaar.Orchestration;

/// <summary>How a run is carried out.</summary>
public sealed record RunOptions
{
    /// <summary>Gets what happens after a step fails.</summary>
    /// <value>Defaults to <see cref="FailurePolicy.FailFast"/>.</value>
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.FailFast;

    /// <summary>Gets the most steps in flight at once.</summary>
    /// <value>Defaults to 16.</value>
    public int MaxParallel { get; init; } = 16;

    /// <summary>
    /// Gets how long past a step's timeout the orchestrator waits before it gives up on the step
    /// itself — a backstop for a remote that does not enforce the timeout.
    /// </summary>
    /// <value>Defaults to 30 seconds: time for the remote to stop the work and report.</value>
    public TimeSpan TimeoutGrace { get; init; } = TimeSpan.FromSeconds(30);
}
