using Bazaar.Graphs;
using Bazaar.Remotes;

namespace Bazaar.Products;

/// <summary>
/// Moves products to and from a remote that holds no storage credentials: per-blob SAS URLs in, uploaded
/// blobs back. An optional capability of a store (the blob store has it), injected where it is needed:
/// the step workspace inside the activity.
/// </summary>
public interface IProductTransfer
{
    /// <summary>
    /// Mints a read SAS URL for each consumed product's content blob and a create/write SAS URL for
    /// each declared output's upload blob (removing what an earlier try of the same attempt left there).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt.</param>
    /// <param name="inputs">The ref of each product the step consumes, by name, as the attempt read them (once).</param>
    /// <param name="expiresOn">When the URLs stop working.</param>
    /// <param name="cancellationToken">Cancels minting.</param>
    /// <returns>The URLs.</returns>
    Task<StepProductUrls> CreateUrlsAsync(
        string runId, StepDefinition step, int attempt, IReadOnlyDictionary<string, ProductRef> inputs, DateTimeOffset expiresOn, CancellationToken cancellationToken);

    /// <summary>
    /// Downloads what a remote uploaded for an output to <paramref name="targetPath"/> (a file, or a tar
    /// extracted safely when the upload says it is a directory), then removes the upload.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step's name.</param>
    /// <param name="attempt">The attempt.</param>
    /// <param name="output">The declared output.</param>
    /// <param name="targetPath">Where to put it; must not exist yet.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns><see langword="false"/> when nothing was uploaded.</returns>
    Task<bool> FetchUploadAsync(string runId, string step, int attempt, ProductOutput output, string targetPath, CancellationToken cancellationToken);
}
