using Bazaar.Products;

namespace Bazaar.Orchestration;

/// <summary>The input of the <c>SaveShardResult</c> activity: how every step of one shard ended.</summary>
public sealed record ShardResultRequest
{
    /// <summary>Gets the run the shard belongs to.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the shard's index.</summary>
    public required int Shard { get; init; }

    /// <summary>Gets each of the shard's step results, in the graph's order.</summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }
}
