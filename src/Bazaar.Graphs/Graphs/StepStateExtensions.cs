namespace Bazaar.Graphs;

/// <summary>What a step's state means for the steps after it.</summary>
public static class StepStateExtensions
{
    /// <summary>
    /// Gets a value indicating whether a step in this state has its products: it succeeded, its
    /// outputs came from the cache, or they were reused from an earlier run.
    /// </summary>
    /// <param name="state">The step's state.</param>
    /// <returns><see langword="true"/> for succeeded, cached and reused.</returns>
    public static bool IsSatisfied(this StepState state) => state is StepState.Succeeded or StepState.Cached or StepState.Reused;
}
