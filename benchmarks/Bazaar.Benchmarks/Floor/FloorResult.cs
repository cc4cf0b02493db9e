namespace Bazaar.Benchmarks.Floor;

/// <summary>The output of the floor orchestration.</summary>
internal sealed record FloorResult
{
    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public int Completed { get; init; }

    public IReadOnlyList<FloorStamp>? Stamps { get; init; }
}
