using System.Net;

namespace Bazaar.Remotes.Http;

/// <summary>
/// When a remote's HTTP call is worth another try, and how long to wait: shared as source by the remotes that
/// speak plain HTTP (each references only Bazaar.Remoting).
/// </summary>
internal static class HttpRetries
{
    /// <summary>Whether a status says "try again": throttled (429), or the service failed (5xx).</summary>
    /// <param name="status">The HTTP status.</param>
    /// <returns><see langword="true"/> for 408, 429 and 5xx.</returns>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The wait a response asks for with <c>Retry-After</c> (seconds or a date), if any.</summary>
    /// <param name="response">The response.</param>
    /// <param name="now">The clock's now, for a date.</param>
    /// <returns>The wait, or <see langword="null"/>.</returns>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        return header?.Delta ?? (header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null);
    }

    /// <summary>Bounds a wait to <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <param name="wait">The wait asked for.</param>
    /// <param name="min">The least.</param>
    /// <param name="max">The most.</param>
    /// <returns>The bounded wait.</returns>
    public static TimeSpan Clamp(TimeSpan wait, TimeSpan min, TimeSpan max) => wait < min ? min : wait > max ? max : wait;

    /// <summary>Exponential backoff with "equal jitter": half fixed, half random, so retries of many steps spread out.</summary>
    /// <param name="attempt">The try that failed, from 1.</param>
    /// <param name="baseDelay">The first wait.</param>
    /// <param name="maxDelay">The longest wait.</param>
    /// <returns>The wait.</returns>
    public static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
#pragma warning restore CA5394
    }
}
