namespace Bazaar.Remotes;

/// <summary>A step attempt's log, streamed to storage as it is written. Safe to write from several threads.</summary>
public interface IStepLog : IAsyncDisposable
{
    /// <summary>Appends a line.</summary>
    /// <param name="line">The line, without its terminator.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is buffered.</returns>
    ValueTask WriteLineAsync(string line, CancellationToken cancellationToken);

    /// <summary>Gets the last lines written, up to a small cap, for error messages.</summary>
    /// <returns>The tail of the log.</returns>
    IReadOnlyList<string> Tail();
}
