using Bazaar.Remotes;

namespace Bazaar.Products;

/// <summary>
/// The log of each attempt of a step, <c>runs/&lt;runId&gt;/steps/&lt;step&gt;/&lt;attempt&gt;.log</c>:
/// appended to while the step runs (capped), read from any offset while it grows.
/// </summary>
public interface IStepLogs
{
    /// <summary>Opens the log of one attempt of a step for streaming writes; an attempt opened again appends to what is there.</summary>
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

    /// <summary>Gets how many bytes a stored log holds so far, so a reader can start at its tail; <see langword="null"/> when there is none.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The length in bytes, or <see langword="null"/>.</returns>
    Task<long?> GetLogLengthAsync(string runId, string step, int attempt, CancellationToken cancellationToken);

    /// <summary>Gets the location of a step attempt's log, as recorded in results.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <returns>The log's location.</returns>
    string GetLogLocation(string runId, string step, int attempt);
}
