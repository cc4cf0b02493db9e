using Bazaar.Products;

namespace Bazaar.Behaviors;

/// <summary>
/// A behaviour's half that runs in the orchestration: it wraps everything after it in
/// <see cref="StepPipeline.Behaviors"/> for one step. Orchestrator code: deterministic, time and
/// identity only from <see cref="StepDispatch.Context"/>.
/// </summary>
internal interface IStepBehavior
{
    /// <summary>Runs the step through this behaviour.</summary>
    /// <param name="step">The step as dispatched.</param>
    /// <param name="next">The behaviours after this one; call it zero, one or more times.</param>
    /// <returns>How the step ended.</returns>
    Task<StepResult> RunAsync(StepDispatch step, Func<StepDispatch, Task<StepResult>> next);
}
