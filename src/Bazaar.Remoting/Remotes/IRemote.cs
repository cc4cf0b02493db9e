namespace Bazaar.Remotes;

/// <summary>
/// Runs one step somewhere: a local process, a container, a function. Each remote is a plug-in
/// registered by type; the <c>ExecuteStep</c> activity resolves it from the step's remote type.
/// </summary>
public interface IRemote
{
    /// <summary>Gets the remote type this implements, as written in graph files (<c>process</c>).</summary>
    string Type { get; }

    /// <summary>
    /// Runs the step and returns how it ended. A non-zero exit code is a result, not an exception;
    /// throw only when the remote itself could not do its job (a <see cref="BazaarException"/> with a
    /// message for a person).
    /// </summary>
    /// <param name="context">The step, its settings, its workspace and its log.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled; the work must stop.</param>
    /// <returns>How the step ended.</returns>
    Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
