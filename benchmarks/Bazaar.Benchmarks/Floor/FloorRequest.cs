namespace Bazaar.Benchmarks.Floor;

/// <summary>The input of the floor orchestration: a DAG as dependency lists.</summary>
internal sealed record FloorRequest
{
    public required int[][] Dependencies { get; init; }

    public required int[] SleepMs { get; init; }

    public int MaxParallel { get; init; } = 100;

    /// <summary>Gets a value indicating whether each activity's start and end are returned (for latency).</summary>
    public bool ReturnStamps { get; init; }
}
