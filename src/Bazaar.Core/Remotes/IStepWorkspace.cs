namespace Bazaar.Remotes;

/// <summary>
/// A step's local working folder. Remotes that run the step on this machine (process, docker)
/// ask for it; the activity collects the declared outputs from it after the step succeeds.
/// </summary>
public interface IStepWorkspace
{
    /// <summary>
    /// Creates a fresh folder and materialises every consumed product at its name inside it
    /// (a file, or an extracted directory). Idempotent: later calls return the same folder.
    /// </summary>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>The folder's full path.</returns>
    Task<string> PrepareAsync(CancellationToken cancellationToken);
}
