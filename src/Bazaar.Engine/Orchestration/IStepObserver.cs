using Bazaar.Products;

namespace Bazaar.Orchestration;

/// <summary>
/// Told when a step attempt starts and ends on this host, as it happens. The CLI uses it for live
/// progress; it sees only steps that run in its own process.
/// </summary>
public interface IStepObserver
{
    /// <summary>A step attempt started.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="record">The step's record: state running, start time, attempt.</param>
    void OnStepStarted(string runId, StepResult record);

    /// <summary>A step attempt ended.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="record">The step's final record for this attempt.</param>
    void OnStepEnded(string runId, StepResult record);
}
