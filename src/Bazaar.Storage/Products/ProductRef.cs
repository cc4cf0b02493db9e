using Bazaar.Graphs;

namespace Bazaar.Products;

/// <summary>
/// A stored product: where its content lives (by digest), what it is, and who made it.
/// Written as <c>runs/&lt;runId&gt;/products/&lt;name&gt;.json</c>.
/// </summary>
public sealed record ProductRef
{
    /// <summary>The format version this type writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Gets the format version of this record.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the product's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the content digest, <c>sha256:&lt;hex&gt;</c>.</summary>
    public required string Digest { get; init; }

    /// <summary>Gets the size of the stored content in bytes (for a directory, of its tar).</summary>
    public required long Size { get; init; }

    /// <summary>Gets whether the product is a file, a directory or a marker.</summary>
    public required ProductKind Kind { get; init; }

    /// <summary>Gets who made the product.</summary>
    public required ProductProducer Producer { get; init; }

    /// <summary>Gets when the product was stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
