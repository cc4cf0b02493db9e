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

    /// <summary>
    /// Gets the shard's index when this request is one shard of a larger run (<see cref="RunOptions.ShardSize"/>),
    /// run by <see cref="BazaarTasks.RunShard"/>; <see langword="null"/> for a whole run.
    /// </summary>
    public int? Shard { get; init; }

    /// <summary>
    /// Gets, for a shard of a larger run, the products its steps
    /// consume that another shard should have made and did not, each with the step that did not make
    /// it; what the shard's skipped steps name as the reason. Empty for a whole run.
    /// </summary>
    public IReadOnlyDictionary<string, UpstreamStep> Upstream { get; init; } = new Dictionary<string, UpstreamStep>();

    /// <summary>
    /// Gets, for a shard of a larger run, every secret name of the whole graph (each step's log is
    /// redacted of them all); <see langword="null"/> for a whole run, whose graph lists them.
    /// </summary>
    public IReadOnlyList<string>? GraphSecrets { get; init; }
}
