using System.Text.Json.Serialization;

namespace Bazaar.Graphs;

/// <summary>Which failures a step's retry tries again.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetryOn>))]
public enum RetryOn
{
    /// <summary>
    /// Only failures the remote marks retryable: the remote could not do its job (a daemon or a
    /// service unreachable, throttling), or the step ran out of time. A step that exits non-zero
    /// fails at once. The default.
    /// </summary>
    Retryable,

    /// <summary>Every failure, a non-zero exit included (<c>retry: { on: any }</c>).</summary>
    Any,
}
