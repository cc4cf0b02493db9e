using Bazaar.Products;

namespace Bazaar.Http;

/// <summary>A product a step consumes or produces, with its ref (digest, size, producer) once it exists in the run.</summary>
/// <param name="Name">The product's name.</param>
/// <param name="Ref">The product's ref, or <see langword="null"/> while it does not exist.</param>
public sealed record StepProduct(string Name, ProductRef? Ref);
