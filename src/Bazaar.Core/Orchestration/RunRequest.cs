using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>The input of the <c>RunGraph</c> orchestration.</summary>
public sealed record RunRequest
{
    /// <summary>Gets the run's id; also the orchestration instance id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the graph to run.</summary>
    public required GraphDefinition Graph { get; init; }

    /// <summary>Gets the graph inputs already stored for this run before it started.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets how the run is carried out.</summary>
    public RunOptions Options { get; init; } = new();
}
