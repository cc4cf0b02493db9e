using System.Text.Json.Serialization;

namespace Bazaar.Graphs;

/// <summary>
/// What kind of failure ended a step's attempt. A remote says it in its result or on the exception
/// it throws (<see cref="BazaarException.Kind"/>), the step's result carries it, and the retry policy
/// decides from it (<see cref="RetryPolicy.Retries"/>), never from an exception's type.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureKind>))]
public enum FailureKind
{
    /// <summary>
    /// The step's own work failed: it exited non-zero, did not make a declared product, or its
    /// program was not found (exit 127, as a shell reports it). Retried only under <c>retry: { on: any }</c>.
    /// </summary>
    StepFailed,

    /// <summary>
    /// The step could not run as it is set up: a remote setting that is unknown or wrong, an image
    /// that is missing under <c>pull: never</c>, a Lambda function that does not exist, refused
    /// credentials, a secret the host does not have. Another try would fail the same way, so it is
    /// never retried, whatever <c>retry:</c> says.
    /// </summary>
    Misconfigured,

    /// <summary>
    /// What runs the step failed or throttled: a daemon or service unreachable, a 5xx or 429 answer,
    /// a host that could not run the activity. Worth another try.
    /// </summary>
    Infrastructure,

    /// <summary>The step ran out of time (its <c>timeout:</c>, or the orchestrator's backstop). Worth another try.</summary>
    TimedOut,
}
