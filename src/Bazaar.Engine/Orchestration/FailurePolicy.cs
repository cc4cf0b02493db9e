using System.Text.Json.Serialization;

namespace Bazaar.Orchestration;

/// <summary>What a run does once a step fails.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailurePolicy>))]
public enum FailurePolicy
{
    /// <summary>Dispatch nothing new, let steps in flight end, and mark the rest skipped.</summary>
    FailFast,

    /// <summary>Keep running every step whose inputs exist.</summary>
    Continue,
}
