using Bazaar.Products;

namespace Bazaar.Orchestration;

/// <summary>The output of the <c>RunGraph</c> orchestration: how every step ended.</summary>
public sealed record RunResult
{
    /// <summary>Gets the run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the graph's name.</summary>
    public required string Graph { get; init; }

    /// <summary>Gets a value indicating whether every step succeeded (or was cached).</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Gets why the run was cancelled, or <see langword="null"/> when it was not.</summary>
    public string? Cancelled { get; init; }

    /// <summary>Gets when the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the run ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>
    /// Gets each step's result, in the graph's order. In the orchestration's output of a run walked
    /// in shards (<see cref="Shards"/> &gt; 0), the steps of a shard that stored its results hold only
    /// their name and state; <see cref="Hosting.RunResults.ReadAsync"/> reads them whole.
    /// </summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }

    /// <summary>
    /// Gets how many shards the run was walked in (<see cref="RunOptions.ShardSize"/>), or 0 for one
    /// orchestration. Each shard stores its steps' full results at <c>runs/&lt;runId&gt;/shards/&lt;n&gt;.json</c>
    /// and hands the run only their states, so the output stays far below the engine's limit on one
    /// action (about 3.9 MB, which ~400-byte results of ~9,000 steps would pass).
    /// </summary>
    public int Shards { get; init; }
}
