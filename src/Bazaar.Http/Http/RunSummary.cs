using Bazaar.Graphs;

namespace Bazaar.Http;

/// <summary>A run in the list of recent runs.</summary>
public sealed record RunSummary
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the graph's name.</summary>
    public string? Graph { get; init; }

    /// <summary>Gets where the run is.</summary>
    public required RunState State { get; init; }

    /// <summary>Gets when the run was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the run last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Gets how many steps are in each state, as the run last reported; states with none are left out.</summary>
    public IReadOnlyDictionary<Graphs.StepState, int>? Counts { get; init; }

    /// <summary>Gets the run's URLs; the API sets them, the CLI has none.</summary>
    public RunLinks? Links { get; init; }
}
