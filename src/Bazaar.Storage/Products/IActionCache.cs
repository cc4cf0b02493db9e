namespace Bazaar.Products;

/// <summary>
/// The action cache, <c>cache/&lt;key&gt;.json</c>: for a step's key (its definition and its inputs'
/// digests), the outputs it produced when it succeeded.
/// </summary>
public interface IActionCache
{
    /// <summary>Gets the action-cache entry for a key, or <see langword="null"/> when there is none.</summary>
    /// <param name="key">The cache key, <c>sha256:&lt;hex&gt;</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry.</returns>
    Task<CacheEntry?> GetCacheEntryAsync(string key, CancellationToken cancellationToken);

    /// <summary>Records an action-cache entry (after the step succeeded), replacing any for the same key.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task PutCacheEntryAsync(CacheEntry entry, CancellationToken cancellationToken);
}
