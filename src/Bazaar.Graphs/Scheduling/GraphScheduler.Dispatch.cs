using System.Diagnostics.CodeAnalysis;
using Bazaar.Graphs;

namespace Bazaar.Scheduling;

/// <summary>Handing out ready steps and taking in their results.</summary>
public sealed partial class GraphScheduler
{
    /// <summary>
    /// Takes the next ready step, first in first out (the steps ready at the start in declaration
    /// order, then each batch in the order it became ready), and marks it running.
    /// </summary>
    /// <param name="step">The step taken, or <see langword="null"/> when none is ready.</param>
    /// <returns><see langword="true"/> when a step was taken.</returns>
    public bool TryTakeReady([NotNullWhen(true)] out StepDefinition? step)
    {
        if (!this.ready.TryDequeue(out var index))
        {
            step = null;
            return false;
        }

        this.Work++;
        this.states[index] = StepState.Running;
        this.inFlight++;
        step = this.steps[index];
        return true;
    }

    /// <summary>
    /// Records that a step in flight has ended. On success every product it declares becomes
    /// available (a product already available stays so), and the steps whose last missing input
    /// that was are made ready.
    /// </summary>
    /// <param name="step">The name of a step taken with <see cref="TryTakeReady"/> and not completed yet.</param>
    /// <param name="succeeded">Whether the step produced its products.</param>
    /// <returns>
    /// The steps that became ready because of this completion, in declaration order, already
    /// queued for <see cref="TryTakeReady"/>; empty on failure.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The step is not in the graph, or is not in flight.</exception>
    public IReadOnlyList<StepDefinition> Complete(string step, bool succeeded)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!this.stepIndex.TryGetValue(step, out var index))
        {
            throw new InvalidOperationException(
                $"Cannot complete step '{step}': the graph has no step of that name. Complete only steps handed out by TryTakeReady.");
        }

        if (this.states[index] != StepState.Running)
        {
            throw new InvalidOperationException(
                $"Cannot complete step '{step}': it is {Describe(this.states[index])}, not in flight. Complete each step once, after TryTakeReady handed it out.");
        }

        this.inFlight--;
        if (!succeeded)
        {
            this.states[index] = StepState.Failed;
            return [];
        }

        this.states[index] = StepState.Succeeded;
        List<int>? newlyReady = null;
        foreach (var output in this.steps[index].Produces)
        {
            this.MakeAvailable(output.Name, ref newlyReady);
        }

        return this.EnqueueInDeclarationOrder(newlyReady);
    }

    /// <summary>
    /// Records that a product exists for a reason other than a completion in this scheduler, such
    /// as a cache hit or an input supplied late; steps whose last missing input it was become
    /// ready. Marking a product that already exists changes nothing.
    /// </summary>
    /// <param name="product">The product's name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="product"/> is null.</exception>
    public void MarkAvailable(string product)
    {
        ArgumentNullException.ThrowIfNull(product);
        List<int>? newlyReady = null;
        this.MakeAvailable(product, ref newlyReady);
        this.EnqueueInDeclarationOrder(newlyReady);
    }

    private static string Describe(StepState state) => state switch
    {
        StepState.Waiting => "waiting for its inputs",
        StepState.NotStarted => "ready but not taken yet",
        StepState.Succeeded => "already completed (succeeded)",
        StepState.Failed => "already completed (failed)",
        _ => state.ToString(),
    };

    private void MakeAvailable(string product, ref List<int>? newlyReady)
    {
        if (!this.available.Add(product)
            || !this.consumersByProduct.TryGetValue(product, out var consumers))
        {
            return;
        }

        foreach (var consumer in consumers)
        {
            this.Work++;

            // Each (consumer, distinct product) pair is decremented at most once, because a
            // product enters the available set once; zero is reached exactly once per step.
            if (--this.missingInputs[consumer] == 0 && this.states[consumer] == StepState.Waiting)
            {
                (newlyReady ??= []).Add(consumer);
            }
        }
    }

    private StepDefinition[] EnqueueInDeclarationOrder(List<int>? newlyReady)
    {
        if (newlyReady is null)
        {
            return [];
        }

        // Each consumer list is already sorted; only batches from several products need a sort.
        // A step becomes ready once, so sorting costs at most V log V over a whole run.
        if (!IsSorted(newlyReady))
        {
            newlyReady.Sort();
        }

        var result = new StepDefinition[newlyReady.Count];
        for (var i = 0; i < newlyReady.Count; i++)
        {
            var index = newlyReady[i];
            this.states[index] = StepState.NotStarted;
            this.ready.Enqueue(index);
            result[i] = this.steps[index];
        }

        return result;
    }

    private static bool IsSorted(List<int> indices)
    {
        for (var i = 1; i < indices.Count; i++)
        {
            if (indices[i - 1] > indices[i])
            {
                return false;
            }
        }

        return true;
    }
}
