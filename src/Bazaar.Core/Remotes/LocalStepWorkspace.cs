using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Remotes;

/// <summary>
/// A fresh folder per step attempt, <c>&lt;workRoot&gt;/&lt;runId&gt;/&lt;step&gt;/&lt;attempt&gt;</c>, with each
/// consumed product materialised at its name. Deleted on dispose unless asked to keep it.
/// </summary>
internal sealed class LocalStepWorkspace(IProductStore store, string runId, StepDefinition step, string path, bool keep)
    : IStepWorkspace, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Gets the folder's full path (it exists once <see cref="PrepareAsync"/> ran).</summary>
    public string Path { get; } = path;

    /// <summary>Gets a value indicating whether <see cref="PrepareAsync"/> ran.</summary>
    public bool IsPrepared { get; private set; }

    public async Task<string> PrepareAsync(CancellationToken cancellationToken)
    {
        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.IsPrepared)
            {
                return this.Path;
            }

            // A folder left by a crashed earlier attempt of the same step must not leak into this one.
            if (Directory.Exists(this.Path))
            {
                Directory.Delete(this.Path, recursive: true);
            }

            Directory.CreateDirectory(this.Path);
            foreach (var name in step.Consumes.Distinct(StringComparer.Ordinal))
            {
                var product = await store.GetAsync(runId, name, cancellationToken).ConfigureAwait(false)
                    ?? throw new BazaarException(
                        $"Step '{step.Name}' consumes product '{name}', but run {runId} has no product by that name in storage. " +
                        "Its producer may have been removed from storage; rerun the producer, or supply it with --input.");
                await store.MaterializeAsync(product, System.IO.Path.Combine(this.Path, name), cancellationToken).ConfigureAwait(false);
            }

            this.IsPrepared = true;
            return this.Path;
        }
        finally
        {
            this.gate.Release();
        }
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
