using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>
/// The input of the <c>RunGraph</c> orchestration: a whole run. (A run over <see cref="RunOptions.ShardSize"/>
/// steps gives each of its shards a <see cref="ShardRequest"/>.)
/// </summary>
public sealed record RunRequest
{
    /// <summary>Gets the run's id; also the orchestration instance id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the graph to run.</summary>
    public required GraphDefinition Graph { get; init; }

    /// <summary>Gets the graph inputs already stored for this run before it started.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the run this one reruns, or <see langword="null"/>.</summary>
    public string? RerunOf { get; init; }

    /// <summary>
    /// Gets the products stored for this run before it started because an earlier run made them
    /// (a rerun copies their refs); a step whose products are all here is not run (<see cref="StepState.Reused"/>).
    /// </summary>
    public IReadOnlyList<string> Reused { get; init; } = [];

    /// <summary>Gets the steps without products that succeeded in the run this one reruns; they are not run again either.</summary>
    public IReadOnlyList<string> ReusedSteps { get; init; } = [];

    /// <summary>Gets how the run is carried out.</summary>
    public RunOptions Options { get; init; } = new();
}
