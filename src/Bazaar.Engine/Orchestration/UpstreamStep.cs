using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>A step of another shard that did not make a product, and how it ended.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="State">How it ended: failed, or not run.</param>
public sealed record UpstreamStep(string Step, StepState State);
