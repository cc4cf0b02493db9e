namespace Bazaar.Products;

/// <summary>
/// How each step of a run went: its record, <c>runs/&lt;runId&gt;/steps/&lt;step&gt;.json</c>, and, for a
/// run walked in shards, each shard's results gathered in one place.
/// </summary>
public interface IStepRecords
{
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
}
