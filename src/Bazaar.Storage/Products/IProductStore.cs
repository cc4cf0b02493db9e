using Bazaar.Graphs;
using Bazaar.Remotes;

namespace Bazaar.Products;

/// <summary>
/// Where products, step records and logs live. Content is addressed by digest
/// (<c>cas/sha256/&lt;hex&gt;</c>), written once and streamed end to end.
/// </summary>
public interface IProductStore
{
    /// <summary>
    /// Stores a file, a directory (as a reproducible tar) or, when <paramref name="localPath"/> is
    /// <see langword="null"/>, a marker with empty content, and records it as a product of the run.
    /// </summary>
    /// <param name="runId">The run the product belongs to.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="localPath">The file or directory to store, or <see langword="null"/> for a marker.</param>
    /// <param name="producer">Who made it.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The product's reference.</returns>
    Task<ProductRef> PutAsync(string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken);

    /// <summary>
    /// The first half of <see cref="PutAsync"/>: stores the content by digest and returns the product's
    /// reference without writing it, so the caller can write it together with other records
    /// (<see cref="WriteRefAsync"/>). Until the ref is written the run does not have the product.
    /// </summary>
    /// <param name="runId">The run the product belongs to.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="localPath">
    /// The file or directory to store, or <see langword="null"/> for a marker. It is not trusted: a symbolic
    /// link there, a FIFO, socket or device (there or inside the directory) is refused with
    /// <see cref="UnsafeOutputException"/>, and a directory's links must stay inside it.
    /// </param>
    /// <param name="producer">Who made it.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The product's reference, not written yet.</returns>
    Task<ProductRef> StageAsync(string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken);

    /// <summary>The second half of <see cref="PutAsync"/>: writes the reference of a product staged with <see cref="StageAsync"/>.</summary>
    /// <param name="runId">The run the product belongs to.</param>
    /// <param name="product">The reference <see cref="StageAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the run has the product.</returns>
    Task WriteRefAsync(string runId, ProductRef product, CancellationToken cancellationToken);

    /// <summary>Gets a product of a run, or <see langword="null"/> when the run has none by that name.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The reference, or <see langword="null"/>.</returns>
    Task<ProductRef?> GetAsync(string runId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a product's content to <paramref name="targetPath"/>: the file itself, or the
    /// directory extracted safely; a marker becomes an empty file.
    /// </summary>
    /// <param name="product">The product.</param>
    /// <param name="targetPath">Where to put it; must not exist yet.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes when the content is in place.</returns>
    Task MaterializeAsync(ProductRef product, string targetPath, CancellationToken cancellationToken);

    /// <summary>Opens a product's stored content for reading (a tar for a directory).</summary>
    /// <param name="product">The product.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>A stream of the content.</returns>
    Task<Stream> OpenReadAsync(ProductRef product, CancellationToken cancellationToken);

    /// <summary>Writes a step's record, <c>runs/&lt;runId&gt;/steps/&lt;step&gt;.json</c>.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="record">The step's result so far.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    Task WriteStepRecordAsync(string runId, StepResult record, CancellationToken cancellationToken);

    /// <summary>Reads a step's record, or <see langword="null"/> when there is none.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    Task<StepResult?> GetStepRecordAsync(string runId, string step, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the log of one attempt of a step, <c>runs/&lt;runId&gt;/steps/&lt;step&gt;/&lt;attempt&gt;.log</c>,
    /// for streaming writes.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The log; dispose it to flush the last lines.</returns>
    Task<IStepLog> OpenLogAsync(string runId, string step, int attempt, CancellationToken cancellationToken);

    /// <summary>Opens a stored log for reading, or returns <see langword="null"/> when there is none.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <param name="offset">The first byte to read; at or past the end the stream is empty (a log that grows is read on from there).</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The log's content from <paramref name="offset"/>, or <see langword="null"/>.</returns>
    Task<Stream?> OpenLogReadAsync(string runId, string step, int attempt, long offset, CancellationToken cancellationToken);

    /// <summary>Gets the blob name of a step attempt's log, as recorded in results.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <returns>The log's location.</returns>
    string GetLogLocation(string runId, string step, int attempt);

    /// <summary>
    /// Lists the record of every step of a run that has started, from one listing of the run's
    /// step records (their state, remote, attempt, times and exit code; not the error or the
    /// products, which <see cref="GetStepRecordAsync"/> reads).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The records, by step name.</returns>
    IAsyncEnumerable<StepResult> ListStepRecordsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the full results of one shard of a run walked in shards, <c>runs/&lt;runId&gt;/shards/&lt;shard&gt;.json</c>;
    /// the run's orchestration output keeps only each step's state (<c>RunResult.Shards</c>).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="shard">The shard's index.</param>
    /// <param name="steps">How each of the shard's steps ended.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The blob's name.</returns>
    Task<string> WriteShardResultAsync(string runId, int shard, IReadOnlyList<StepResult> steps, CancellationToken cancellationToken);

    /// <summary>Reads the results <see cref="WriteShardResultAsync"/> wrote, or <see langword="null"/> when there are none.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="shard">The shard's index.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The shard's step results, or <see langword="null"/>.</returns>
    Task<IReadOnlyList<StepResult>?> GetShardResultAsync(string runId, int shard, CancellationToken cancellationToken);

    /// <summary>Records that a run is to stop, <c>runs/&lt;runId&gt;/cancel.json</c>; steps in flight watch for it.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="reason">Why, in a few words.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the request is stored.</returns>
    Task RequestCancelAsync(string runId, string reason, CancellationToken cancellationToken);

    /// <summary>Gets why a run was asked to stop, or <see langword="null"/> when it was not.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    Task<string?> GetCancelRequestAsync(string runId, CancellationToken cancellationToken);

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

    /// <summary>Gets a value indicating whether content with this digest is stored.</summary>
    /// <param name="digest">The digest, <c>sha256:&lt;hex&gt;</c>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    Task<bool> ContentExistsAsync(string digest, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a product exist in a run by referring to content already stored (a cache hit, a rerun
    /// reusing an earlier run's products): only a new ref is written.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="source">The stored product, under its name.</param>
    /// <param name="producer">Who makes it exist in this run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new ref.</returns>
    Task<ProductRef> LinkAsync(string runId, ProductRef source, ProductProducer producer, CancellationToken cancellationToken);

    /// <summary>Lists every product a run has.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The products' refs.</returns>
    IAsyncEnumerable<ProductRef> ListProductsAsync(string runId, CancellationToken cancellationToken);
}
