namespace Bazaar.Graphs;

/// <summary>How often a failed step is tried again, how long to wait in between, and which failures count.</summary>
/// <param name="Attempts">Total attempts, the first one included; at least 1.</param>
/// <param name="Backoff">Delay before the second attempt; doubled before each later one.</param>
/// <param name="On">Which failures are tried again: infrastructure failures and timeouts (the default), or any but a misconfiguration.</param>
public sealed record RetryPolicy(int Attempts, TimeSpan Backoff, RetryOn On = RetryOn.Retryable)
{
    /// <summary>
    /// Decides, from the failure's kind alone, whether a failed attempt is tried again (when attempts
    /// are left). A misconfiguration never is: another try would fail the same way.
    /// </summary>
    /// <param name="kind">What kind of failure ended the attempt.</param>
    /// <returns><see langword="true"/> when the policy retries this kind of failure.</returns>
    public bool Retries(FailureKind kind) => kind != FailureKind.Misconfigured && (kind.IsRetryable() || this.On == RetryOn.Any);
}
