namespace Bazaar.Benchmarks.Shapes;

/// <summary>The three graph shapes of the orchestration-overhead suite.</summary>
internal enum Shape
{
    /// <summary>N independent steps, all ready at once.</summary>
    FanOut,

    /// <summary>N steps one after another, each consuming the product of the one before.</summary>
    Chain,

    /// <summary>Layers of 10; each step consumes two products of the layer before.</summary>
    Lattice,
}
