namespace Bazaar.Remotes;

/// <summary>
/// Where a step's products go in and come out. Remotes that run the step on this machine (process,
/// docker) ask for a local folder with <see cref="PrepareAsync"/>; payload remotes (Lambda, HTTP
/// functions) ask for SAS URLs with <see cref="GetProductUrlsAsync"/>. Either way the activity collects
/// the declared outputs after the step succeeds: from the folder, or from the blobs the URLs point at.
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

    /// <summary>
    /// Mints least-privilege SAS URLs for this step attempt, one blob each: read for every consumed
    /// product's content, create/write for every declared output's upload. They expire at
    /// <paramref name="expiresOn"/> (the step's deadline). After the step, the activity checks that every
    /// output was uploaded, stores it by digest, and fails the step naming any that is missing.
    /// The URLs are secrets: never log them or put them in results.
    /// </summary>
    /// <param name="expiresOn">When the URLs stop working.</param>
    /// <param name="cancellationToken">Cancels minting.</param>
    /// <returns>The URLs.</returns>
    Task<StepProductUrls> GetProductUrlsAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken);
}
