using Bazaar.Orchestration;
using Bazaar.Products;

namespace Bazaar.Cli.Output;

/// <summary>
/// Registered with the host before the run is known; passes step events on to the progress view
/// made once the run's graph is (a rerun reads it from the task hub, after the host has started).
/// </summary>
internal sealed class StepObserverRelay : IStepObserver
{
    public IStepObserver? Target { get; set; }

    public void OnStepStarted(string runId, StepResult record) => this.Target?.OnStepStarted(runId, record);

    public void OnStepEnded(string runId, StepResult record) => this.Target?.OnStepEnded(runId, record);
}
