namespace Bazaar.Products;

/// <summary>
/// A run's request to stop, <c>runs/&lt;runId&gt;/cancel.json</c>: kept in storage, so a step learns of it
/// whichever host runs it.
/// </summary>
public interface ICancelRequests
{
    /// <summary>Records that a run is to stop; steps in flight watch for it.</summary>
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
}
