using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;

namespace Bazaar.Http;

/// <summary>
/// A run as <c>GET /api/runs/{id}</c> answers: where it is, each step's state, and, once it has
/// ended, the full <see cref="RunResult"/> with every product's ref.
/// </summary>
public sealed record RunView
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the graph's name.</summary>
    public required string Graph { get; init; }

    /// <summary>Gets where the run is.</summary>
    public required RunState State { get; init; }

    /// <summary>Gets when the run was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the run last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Gets the number of steps in each state; every step is counted once.</summary>
    public required IReadOnlyDictionary<StepState, int> Counts { get; init; }

    /// <summary>
    /// Gets each step that has started (or ended) with its record so far; a step not listed has
    /// not started. Complete once the run has ended.
    /// </summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }

    /// <summary>Gets the run's result once it has ended; <see langword="null"/> before.</summary>
    public RunResult? Result { get; init; }

    /// <summary>Gets what went wrong when <see cref="State"/> is <see cref="RunState.Error"/> or <see cref="RunState.Cancelled"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the run's URLs; the API sets them, the CLI has none.</summary>
    public RunLinks? Links { get; init; }
}
