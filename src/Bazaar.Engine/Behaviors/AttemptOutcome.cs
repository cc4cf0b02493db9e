using Bazaar.Products;

namespace Bazaar.Behaviors;

/// <summary>How an attempt ended inside its activity.</summary>
/// <param name="Record">The attempt's step record.</param>
/// <param name="Unwritten">The refs of the products it staged, which the activity writes with the record.</param>
internal readonly record struct AttemptOutcome(StepResult Record, IReadOnlyList<ProductRef> Unwritten);
