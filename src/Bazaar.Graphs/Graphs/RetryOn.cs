using System.Text.Json.Serialization;

namespace Bazaar.Graphs;

/// <summary>Which failures a step's retry tries again, by their <see cref="FailureKind"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetryOn>))]
public enum RetryOn
{
    /// <summary>
    /// Only failures another try could mend by itself: the infrastructure failed or throttled (a
    /// daemon or a service unreachable, a 5xx or 429 answer), or the step ran out of time. A step that
    /// exits non-zero fails at once. The default.
    /// </summary>
    Retryable,

    /// <summary>
    /// Every failure but a misconfiguration, a non-zero exit included (<c>retry: { on: any }</c>). A
    /// misconfigured remote is never retried: another try would fail the same way.
    /// </summary>
    Any,
}
