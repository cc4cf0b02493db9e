using Bazaar.Graphs;

namespace Bazaar.Scheduling;

/// <summary>Questions about where steps are, for results and messages.</summary>
public sealed partial class GraphScheduler
{
    /// <summary>
    /// Lists the steps never taken: those still waiting for an input and those ready but not
    /// handed out. Used at the end of a run, or when a run stops early, to mark them skipped.
    /// </summary>
    /// <returns>The steps, in declaration order.</returns>
    public IReadOnlyList<StepDefinition> Unreached()
    {
        var result = new List<StepDefinition>();
        for (var i = 0; i < this.steps.Length; i++)
        {
            if (this.states[i] is StepState.Waiting or StepState.NotStarted)
            {
                result.Add(this.steps[i]);
            }
        }

        return result;
    }

    /// <summary>Gets where a step is.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>
    /// <see cref="StepState.Waiting"/> while an input is missing, <see cref="StepState.NotStarted"/>
    /// when ready but not taken, <see cref="StepState.Running"/> once taken, and
    /// <see cref="StepState.Succeeded"/> or <see cref="StepState.Failed"/> once completed. The
    /// scheduler never reports <see cref="StepState.Skipped"/> or <see cref="StepState.Cached"/>;
    /// those are the orchestrator's decisions.
    /// </returns>
    /// <exception cref="ArgumentException">The graph has no step of that name.</exception>
    public StepState GetState(string step) => this.states[this.IndexOf(step)];

    /// <summary>Finds a product the step consumes that does not exist yet, for messages.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>The first such product in the step's declared order, or <see langword="null"/> when all exist.</returns>
    /// <exception cref="ArgumentException">The graph has no step of that name.</exception>
    public string? FirstMissingInput(string step)
    {
        foreach (var product in this.steps[this.IndexOf(step)].Consumes)
        {
            if (!this.available.Contains(product))
            {
                return product;
            }
        }

        return null;
    }

    private int IndexOf(string step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return this.stepIndex.TryGetValue(step, out var index)
            ? index
            : throw new ArgumentException($"The graph has no step named '{step}'. Use a name from the graph's steps.", nameof(step));
    }
}
