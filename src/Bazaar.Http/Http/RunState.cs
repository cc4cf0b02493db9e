using System.Text.Json.Serialization;

namespace Bazaar.Http;

/// <summary>Where a run is, as the HTTP API and <c>bazaar submit</c> report it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunState>))]
public enum RunState
{
    /// <summary>Accepted, not yet picked up by a worker.</summary>
    Pending,

    /// <summary>Steps are being run.</summary>
    Running,

    /// <summary>Every step succeeded (or was cached).</summary>
    Succeeded,

    /// <summary>A step failed.</summary>
    Failed,

    /// <summary>Stopped by a cancel request.</summary>
    Cancelled,

    /// <summary>The orchestration itself failed: a bug or an outage, not a step's doing.</summary>
    Error,
}
