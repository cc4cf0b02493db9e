using Bazaar.Files;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Orchestration;

/// <summary>What a step leaves behind: its declared outputs, staged by digest, and their refs.</summary>
internal sealed partial class ExecuteStepActivity
{
    /// <summary>How many of a step's outputs are stored at once.</summary>
    private const int MaxOutputsInFlight = 4;

    private async Task<IReadOnlyList<ProductRef>> CollectOutputsAsync(ExecuteStepRequest input, LocalStepWorkspace workspace, CancellationToken cancellationToken)
    {
        var step = input.Step;
        if (workspace.UrlsIssued && !workspace.IsPrepared)
        {
            // A payload remote uploaded its outputs through SAS URLs; each must be there.
            var notUploaded = await workspace.CollectUploadsAsync(cancellationToken).ConfigureAwait(false);
            if (notUploaded.Count > 0)
            {
                throw new BazaarException(
                    $"Step '{step.Name}' succeeded on remote '{step.Remote.Type}' but did not upload its declared product{(notUploaded.Count > 1 ? "s" : string.Empty)} " +
                    $"{string.Join(", ", notUploaded)} (nothing at its upload URL). Make the handler upload every output to its URL, or fix the path under produces:.");
            }
        }

        var root = workspace.IsPrepared ? workspace.Path : await workspace.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var missing = new List<string>();
        var located = new List<(ProductOutput Output, string? Path)>();
        foreach (var output in step.Produces)
        {
            if (output.Path is null)
            {
                located.Add((output, null));
                continue;
            }

            // Walked from the root without following a link: a step must not hand Bazaar a host file or a FIFO.
            if (DeclaredOutput.Locate(root, output.Name, output.Path) is not { } found)
            {
                missing.Add($"'{output.Name}' at '{output.Path}'");
                continue;
            }

            located.Add((output, found.FullPath));
        }

        if (missing.Count > 0)
        {
            throw new BazaarException(
                $"Step '{step.Name}' succeeded but did not write its declared product{(missing.Count > 1 ? "s" : string.Empty)} " +
                $"{string.Join(", ", missing)} (nothing at that path in its workspace). Make the step write it there, or fix the path under produces:.");
        }

        // Outputs are staged side by side (a few at a time: each large one streams its own blocks); their
        // refs are written later, together with the step record.
        var producer = new ProductProducer(input.RunId, step.Name, input.Attempt, step.Remote.Type);
        using var slots = new SemaphoreSlim(MaxOutputsInFlight);
        return await Task.WhenAll(located.Select(async output =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await content.StageAsync(input.RunId, output.Output.Name, output.Path, producer, cancellationToken).ConfigureAwait(false);
            }
            catch (UnsafeOutputException e)
            {
                throw new UnsafeOutputException($"Output '{output.Output.Name}' (path {output.Output.Path}) was refused: {e.Message}", e);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ProductRef>> StageMarkersAsync(ExecuteStepRequest input, CancellationToken cancellationToken)
    {
        var producer = new ProductProducer(input.RunId, input.Step.Name, input.Attempt, input.Step.Remote.Type);
        var products = new List<ProductRef>();
        foreach (var output in input.Step.Produces)
        {
            products.Add(await content.StageAsync(input.RunId, output.Name, null, producer, cancellationToken).ConfigureAwait(false));
        }

        return products;
    }

    private IEnumerable<Task> WriteRefs(string runId, IReadOnlyList<ProductRef> products) =>
        products.Select(product => refs.WriteRefAsync(runId, product, CancellationToken.None));
}
