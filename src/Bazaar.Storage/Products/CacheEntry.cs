namespace Bazaar.Products;

/// <summary>
/// An action-cache entry, stored at <c>cache/&lt;key&gt;.json</c>: the outputs a step produced for
/// one cache key (its definition and its inputs' digests), recorded after it succeeded.
/// </summary>
public sealed record CacheEntry
{
    /// <summary>The format version this code writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Gets the format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the cache key, <c>sha256:&lt;hex&gt;</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the run whose step recorded the entry.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the step that recorded the entry.</summary>
    public required string Step { get; init; }

    /// <summary>Gets the products it made, by name.</summary>
    public required IReadOnlyList<ProductRef> Outputs { get; init; }

    /// <summary>Gets when the entry was recorded.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
