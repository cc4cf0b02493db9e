namespace Bazaar.Graphs;

/// <summary>
/// An immutable graph of steps connected by products: what the graph file loader and the C# API
/// both produce, and the only form of a graph that travels into an orchestration.
/// </summary>
public sealed record GraphDefinition
{
    /// <summary>Gets the graph's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the products supplied when a run is submitted rather than produced by a step.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the steps, in the order they were declared.</summary>
    public required IReadOnlyList<StepDefinition> Steps { get; init; }
}
