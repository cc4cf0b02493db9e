namespace Bazaar.Products;

/// <summary>Who made a product.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Step">The step, or <see langword="null"/> for a graph input supplied with the run.</param>
/// <param name="Attempt">The step's attempt, from 1; 0 for a graph input.</param>
/// <param name="Remote">The remote type the step ran on, or <see langword="null"/> for a graph input.</param>
public sealed record ProductProducer(string RunId, string? Step, int Attempt, string? Remote);
