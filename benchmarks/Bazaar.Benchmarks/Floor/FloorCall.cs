namespace Bazaar.Benchmarks.Floor;

/// <summary>The input of one floor activity.</summary>
internal sealed record FloorCall(int Index, int SleepMs);
