namespace Bazaar.Graphs;

/// <summary>What a failure's kind means for another try.</summary>
public static class FailureKindExtensions
{
    /// <summary>
    /// Gets a value indicating whether another try could succeed by itself, with nothing changed:
    /// the infrastructure failed or throttled, or the step ran out of time.
    /// </summary>
    /// <param name="kind">The failure's kind.</param>
    /// <returns><see langword="true"/> for <see cref="FailureKind.Infrastructure"/> and <see cref="FailureKind.TimedOut"/>.</returns>
    public static bool IsRetryable(this FailureKind kind) => kind is FailureKind.Infrastructure or FailureKind.TimedOut;
}
