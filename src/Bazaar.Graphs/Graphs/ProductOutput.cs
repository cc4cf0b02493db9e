namespace Bazaar.Graphs;

/// <summary>A product a step produces, and where the step leaves it in its workspace.</summary>
/// <param name="Name">The product's name, unique in its graph.</param>
/// <param name="Path">
/// The file or directory relative to the workspace; <see langword="null"/> for a marker product
/// with empty content.
/// </param>
public sealed record ProductOutput(string Name, string? Path);
