namespace Bazaar.Graphs;

/// <summary>How often a failed step is tried again, how long to wait in between, and which failures count.</summary>
/// <param name="Attempts">Total attempts, the first one included; at least 1.</param>
/// <param name="Backoff">Delay before the second attempt; doubled before each later one.</param>
/// <param name="On">Which failures are tried again: those the remote marks retryable (the default), or any.</param>
public sealed record RetryPolicy(int Attempts, TimeSpan Backoff, RetryOn On = RetryOn.Retryable);
