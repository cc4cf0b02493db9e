using Bazaar.Files;
using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Remotes;

/// <summary>
/// A fresh folder per step attempt, <c>&lt;workRoot&gt;/&lt;runId&gt;/&lt;step&gt;/&lt;attempt&gt;</c>, with each
/// consumed product materialised at its name; or, for a payload remote, SAS URLs, and the same folder
/// to collect what the remote uploaded. Deleted on dispose unless asked to keep it. The refs of the
/// consumed products are read once (<see cref="GetInputsAsync"/>) and serve the cache key, the
/// materialised inputs and the URLs alike.
/// </summary>
/// <param name="content">Where the inputs' content is read from.</param>
/// <param name="refs">Where the inputs' refs are read from.</param>
/// <param name="transfer">Signs URLs for a payload remote; <see langword="null"/> when this host's store cannot.</param>
/// <param name="runId">The run.</param>
/// <param name="step">The step.</param>
/// <param name="attempt">The attempt, from 1.</param>
/// <param name="path">The folder.</param>
/// <param name="keep">Whether to keep the folder on dispose.</param>
internal sealed class LocalStepWorkspace(
    IContentStore content, IProductRefs refs, IProductTransfer? transfer, string runId, StepDefinition step, int attempt, string path, bool keep)
    : IStepWorkspace, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock fetchGate = new();
    private Task<IReadOnlyDictionary<string, ProductRef>>? inputs;

    /// <summary>Gets the folder's full path (it exists once <see cref="PrepareAsync"/> ran).</summary>
    public string Path { get; } = path;

    /// <summary>
    /// Gets the folder workspaces are made in (<see cref="BazaarOptions.WorkRoot"/>); when set, it is checked to be
    /// private (<see cref="PrivateFolder.Ensure"/>) before this workspace is made in it.
    /// </summary>
    public string? WorkRoot { get; init; }

    /// <summary>Gets a value indicating whether <see cref="PrepareAsync"/> ran.</summary>
    public bool IsPrepared { get; private set; }

    /// <summary>Gets a value indicating whether a payload remote asked for URLs (<see cref="GetProductUrlsAsync"/>).</summary>
    public bool UrlsIssued { get; private set; }

    public async Task<StepProductUrls> GetProductUrlsAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var signer = this.Transfer;
        var inputRefs = await this.GetInputsAsync(cancellationToken).ConfigureAwait(false);
        var urls = await signer.CreateUrlsAsync(runId, step, attempt, inputRefs, expiresOn, cancellationToken).ConfigureAwait(false);
        this.UrlsIssued = true;
        return urls;
    }

    /// <summary>
    /// Downloads every output a payload remote uploaded into a fresh folder at its declared path, so the
    /// activity stores it as it stores a local step's outputs.
    /// </summary>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>The outputs with a path that were not uploaded, as <c>'name' at 'path'</c>.</returns>
    public async Task<IReadOnlyList<string>> CollectUploadsAsync(CancellationToken cancellationToken)
    {
        this.Reset();
        this.IsPrepared = true;
        var root = System.IO.Path.GetFullPath(this.Path) + System.IO.Path.DirectorySeparatorChar;
        var missing = new List<string>();
        foreach (var output in step.Produces.Where(o => o.Path is not null))
        {
            var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(this.Path, output.Path!.TrimEnd('/')));
            if (!target.StartsWith(root, StringComparison.Ordinal)
                || !await this.Transfer.FetchUploadAsync(runId, step.Name, attempt, output, target, cancellationToken).ConfigureAwait(false))
            {
                missing.Add($"'{output.Name}' at '{output.Path}'");
            }
        }

        return missing;
    }

    /// <summary>
    /// Starts reading the refs of every consumed product, all at once, so that they are there when
    /// the cache key, <see cref="PrepareAsync"/> or <see cref="GetProductUrlsAsync"/> needs them; the
    /// activity calls it while it writes the step's running record. Its failure (a missing product)
    /// surfaces from whichever needs them first.
    /// </summary>
    /// <param name="cancellationToken">Cancels the lookups (the host stopping).</param>
    public void FetchInputsAhead(CancellationToken cancellationToken) => _ = this.FetchInputs(cancellationToken);

    /// <summary>
    /// Gets the ref of each consumed product, by name: read once per attempt, whoever asks first (a
    /// read that failed is tried again).
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting, and a read this call starts.</param>
    /// <returns>The refs.</returns>
    /// <exception cref="BazaarException">A consumed product is not in the run.</exception>
    public Task<IReadOnlyDictionary<string, ProductRef>> GetInputsAsync(CancellationToken cancellationToken) =>
        this.FetchInputs(cancellationToken).WaitAsync(cancellationToken);

    public async Task<string> PrepareAsync(CancellationToken cancellationToken)
    {
        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.IsPrepared)
            {
                return this.Path;
            }

            this.Reset();
            var products = await this.GetInputsAsync(cancellationToken).ConfigureAwait(false);

            // Each input is its own blob and its own file: they download side by side.
            await Task.WhenAll(products.Select(input =>
                content.MaterializeAsync(input.Value, System.IO.Path.Combine(this.Path, input.Key), cancellationToken))).ConfigureAwait(false);
            this.IsPrepared = true;
            return this.Path;
        }
        finally
        {
            this.gate.Release();
        }
    }

    private Task<IReadOnlyDictionary<string, ProductRef>> FetchInputs(CancellationToken cancellationToken)
    {
        lock (this.fetchGate)
        {
            if (this.inputs is null or { IsFaulted: true } or { IsCanceled: true })
            {
                this.inputs = this.FetchInputsAsync(cancellationToken);

                // Fetched for a step that may never need them (one that fails before it runs): a failure nobody awaits is still observed.
                _ = this.inputs.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            return this.inputs;
        }
    }

    private async Task<IReadOnlyDictionary<string, ProductRef>> FetchInputsAsync(CancellationToken cancellationToken)
    {
        var fetching = step.Consumes.Distinct(StringComparer.Ordinal).Select(async name => (name,
            await refs.GetAsync(runId, name, cancellationToken).ConfigureAwait(false)
            ?? throw new BazaarException(
                $"Step '{step.Name}' consumes product '{name}', but run {runId} has no product by that name in storage. " +
                "Its producer may have been removed from storage; rerun the producer, or supply it with --input.")));
        var fetched = await Task.WhenAll(fetching).ConfigureAwait(false);
        return fetched.ToDictionary(f => f.name, f => f.Item2, StringComparer.Ordinal);
    }

    private IProductTransfer Transfer => transfer ?? throw new BazaarException(
        $"Step '{step.Name}' runs on a remote that needs URLs for its products, but this host's product store cannot sign them (no {nameof(IProductTransfer)} is registered). " +
        "Use the blob product store (AddBlobProductStore), or run the step on a remote with a local workspace.");

    private void Reset()
    {
        // Mode 0700, in a folder only this user can change: what a step reads and writes is no other user's business.
        if (this.WorkRoot is not null)
        {
            PrivateFolder.Ensure(this.WorkRoot);
        }

        // A folder left by a crashed earlier attempt of the same step must not leak into this one.
        if (Directory.Exists(this.Path))
        {
            Directory.Delete(this.Path, recursive: true);
        }

        PrivateFolder.Create(this.Path);
    }

    public void Dispose()
    {
        this.gate.Dispose();
        if (keep || !Directory.Exists(this.Path))
        {
            return;
        }

        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a straggling process; the next attempt clears the folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: leaving a folder behind is better than failing a finished step.
        }
    }
}
