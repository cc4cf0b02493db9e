using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Behaviors;

/// <summary>
/// Skip-if-redundant (BazaarCI's <c>skip_if_redundant</c>): a step whose products all exist in the run
/// already — reused from the run this one reruns — is not run, and its state is
/// <see cref="StepState.Reused"/>. A step without products is redundant when it succeeded in that run.
/// Decided in the orchestration, at once: the walk makes the step's consumers ready without a round trip.
/// </summary>
internal sealed class SkipIfRedundantBehavior : IStepBehavior
{
    /// <inheritdoc/>
    public Task<StepResult> RunAsync(StepDispatch step, Func<StepDispatch, Task<StepResult>> next)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(next);
        return IsRedundant(step) ? Task.FromResult(Reused(step.Step, step.RerunOf)) : next(step);
    }

    /// <summary>The result of a step not run because what it makes is already in the run.</summary>
    /// <param name="step">The step.</param>
    /// <param name="rerunOf">The run this one reruns, or <see langword="null"/>.</param>
    /// <returns>The result, with a note saying why.</returns>
    public static StepResult Reused(StepDefinition step, string? rerunOf) => new()
    {
        Step = step.Name,
        State = StepState.Reused,
        Remote = step.Remote.Type,
        Behavior = "skip-if-redundant",
        Note = step.Produces.Count > 0
            ? $"not run: its product{(step.Produces.Count > 1 ? "s" : string.Empty)} {string.Join(", ", step.Produces.Select(p => p.Name))} already exist{(step.Produces.Count > 1 ? string.Empty : "s")}{(rerunOf is null ? string.Empty : $", from run {rerunOf}")}"
            : $"not run: it succeeded in run {rerunOf}",
    };

    private static bool IsRedundant(StepDispatch step) =>
        step.Step.Produces.Count > 0 ? step.Step.Produces.All(p => step.ReusedProducts.Contains(p.Name)) : step.ReusedSteps.Contains(step.Step.Name);
}
