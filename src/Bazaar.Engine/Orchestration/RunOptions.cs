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

    /// <summary>
    /// Gets how often the run asks a call-home remote whether a job it waits for died without calling
    /// home (never started, killed, removed). Each check is one small activity; the call itself needs none.
    /// </summary>
    public TimeSpan CallHomeCheck { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets the most steps one orchestration walks. A larger graph is split into shards of this many
    /// steps in topological order, each run as a sub-orchestration (<see cref="BazaarTasks.RunShard"/>):
    /// an orchestration replays its whole history on every event, so one of 10,000 steps costs the
    /// square of that, and shards keep it linear. A shard starts when the shards it consumes from have
    /// ended. 0 never shards.
    /// </summary>
    /// <value>Defaults to 1,000: up to that size one orchestration measured as fast as the engine's floor.</value>
    public int ShardSize { get; init; } = 1000;
}
