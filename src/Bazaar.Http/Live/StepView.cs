using Bazaar.Products;

namespace Bazaar.Http;

/// <summary>One step of a run as <c>GET /api/runs/{id}/steps/{step}</c> answers: what the graph says of it, and what it has done so far.</summary>
public sealed record StepView
{
    /// <summary>Gets the step's name.</summary>
    public required string Step { get; init; }

    /// <summary>Gets the remote type it runs on.</summary>
    public required string Remote { get; init; }

    /// <summary>Gets a value indicating whether it runs a command (a step without one only makes its products exist).</summary>
    public required bool Runs { get; init; }

    /// <summary>Gets its record so far; <see langword="null"/> before it starts.</summary>
    public StepResult? Record { get; init; }

    /// <summary>Gets each product it consumes, with its ref once it exists in the run.</summary>
    public required IReadOnlyList<StepProduct> Consumes { get; init; }

    /// <summary>Gets each product it produces, with its ref once it exists in the run.</summary>
    public required IReadOnlyList<StepProduct> Produces { get; init; }
}
