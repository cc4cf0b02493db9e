namespace Bazaar.Products;

/// <summary>
/// The single-use ledger of call-home callbacks, <c>runs/&lt;runId&gt;/callbacks/&lt;key&gt;</c>: a callback is
/// taken by creating its entry where none exists, so a replay is refused whichever host it reaches.
/// </summary>
public interface ICallbackLedger
{
    /// <summary>Records a callback as used, unless it was already.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The callback's key: 64 lowercase hex digits (a SHA-256).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when this call took it; <see langword="false"/> when it had been used.</returns>
    Task<bool> TryUseAsync(string runId, string key, CancellationToken cancellationToken);

    /// <summary>Forgets a use whose event could not be delivered, so the agent's retry is not refused as a replay.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The callback's key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the entry is gone.</returns>
    Task ReleaseAsync(string runId, string key, CancellationToken cancellationToken);
}
