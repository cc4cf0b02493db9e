namespace Bazaar.Graphs;

/// <summary>How often a failed step is tried again, and how long to wait in between.</summary>
/// <param name="Attempts">Total attempts, the first one included; at least 1.</param>
/// <param name="Backoff">Delay before the second attempt; doubled before each later one.</param>
public sealed record RetryPolicy(int Attempts, TimeSpan Backoff);
