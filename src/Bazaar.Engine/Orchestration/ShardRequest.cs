using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>
/// The input of the <c>RunShard</c> orchestration (<see cref="BazaarTasks.RunShard"/>): one shard of a
/// run too large for one orchestration (<see cref="RunOptions.ShardSize"/>), made by the run when the
/// shards it consumes from have ended.
/// </summary>
/// <remarks>
/// Its fields have the names and shapes the run's own <see cref="RunRequest"/> gave a shard before
/// shards had an input type of their own, so a shard started then reads its input here.
/// </remarks>
public sealed record ShardRequest
{
    /// <summary>Gets the id of the run the shard belongs to (not the shard's instance id, <see cref="BazaarTasks.ShardInstanceId"/>).</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the shard's index in the run, from 0.</summary>
    public required int Shard { get; init; }

    /// <summary>Gets the shard's steps as a graph of their own, in the order they were declared.</summary>
    public required GraphDefinition Graph { get; init; }

    /// <summary>Gets the products the shard's steps consume that exist when it starts: the run's inputs and what earlier shards made.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the run the run reruns, or <see langword="null"/>.</summary>
    public string? RerunOf { get; init; }

    /// <summary>Gets the products the shard's steps make that the run reused from an earlier run (<see cref="RunRequest.Reused"/>).</summary>
    public IReadOnlyList<string> Reused { get; init; } = [];

    /// <summary>Gets the shard's steps without products that succeeded in the run the run reruns.</summary>
    public IReadOnlyList<string> ReusedSteps { get; init; } = [];

    /// <summary>Gets how the shard is carried out: the run's options, with the shard's share of <see cref="RunOptions.MaxParallel"/>.</summary>
    public RunOptions Options { get; init; } = new();

    /// <summary>
    /// Gets the products the shard's steps consume that another shard should have made and did not,
    /// each with the step that did not make it: what the shard's skipped steps name as the reason.
    /// </summary>
    public IReadOnlyDictionary<string, UpstreamStep> Upstream { get; init; } = new Dictionary<string, UpstreamStep>();

    /// <summary>Gets every secret name of the whole graph: each step's log is redacted of them all, not only of its shard's.</summary>
    public IReadOnlyList<string> GraphSecrets { get; init; } = [];
}
