namespace Bazaar.Benchmarks.Floor;

/// <summary>When one floor activity started and ended, by the worker's clock.</summary>
internal sealed record FloorStamp(int Index, DateTimeOffset StartedAt, DateTimeOffset EndedAt);
