using System.Text.Json.Serialization;

namespace Bazaar.Graphs;

/// <summary>Where a step is in a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepState>))]
public enum StepState
{
    /// <summary>Not reached yet.</summary>
    NotStarted,

    /// <summary>Waiting for one of its inputs to exist.</summary>
    Waiting,

    /// <summary>Running on its remote.</summary>
    Running,

    /// <summary>Ran and produced every declared product.</summary>
    Succeeded,

    /// <summary>Ran and failed, or could not run.</summary>
    Failed,

    /// <summary>Not run: a producer it waits for failed, or the run stopped early.</summary>
    Skipped,

    /// <summary>Not run: its outputs came from the cache.</summary>
    Cached,

    /// <summary>Stopped while running because the run was cancelled.</summary>
    Cancelled,

    /// <summary>
    /// Not run: every product it makes already exists in the run, reused from an earlier run
    /// (BazaarCI's skip-if-redundant; what a rerun relies on).
    /// </summary>
    Reused,
}
