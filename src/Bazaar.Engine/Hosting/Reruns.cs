using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Client;

namespace Bazaar.Hosting;

/// <summary>
/// Reruns: a new run of an ended run's graph that starts with every product the old run made, so
/// only the steps that failed (or never ran) and those downstream of them execute; the rest are
/// <see cref="StepState.Reused"/> (skip-if-redundant). The CLI's <c>rerun</c> and
/// <c>POST /api/runs/{id}/rerun</c> both start one through here.
/// </summary>
public static class Reruns
{
    /// <summary>
    /// Copies the old run's product refs into the new run (the content is shared, nothing is
    /// copied) and returns the request that starts it.
    /// </summary>
    /// <param name="client">The Durable Task client of the hub the old run is on.</param>
    /// <param name="refs">The product refs of both runs.</param>
    /// <param name="oldRunId">The run to rerun; it must have ended.</param>
    /// <param name="clock">Gives the time the new run's id is made from.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>The new run's request: the old graph, inputs and options, and what it reuses.</returns>
    /// <exception cref="RunNotFoundException">There is no run <paramref name="oldRunId"/>.</exception>
    /// <exception cref="RunNotEndedException">The run has not ended.</exception>
    public static async Task<RunRequest> PrepareAsync(
        DurableTaskClient client, IProductRefs refs, string oldRunId, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(refs);
        var metadata = await client.GetInstanceAsync(oldRunId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is not { Name: BazaarTasks.RunGraph } || metadata.ReadInputAs<RunRequest>() is not { } old)
        {
            // The gRPC client has no hub name (client.Name is empty): the caller says where it looked.
            throw new RunNotFoundException($"There is no run '{oldRunId}'.");
        }

        if (!metadata.IsCompleted)
        {
            throw new RunNotEndedException($"Run '{oldRunId}' has not ended ({metadata.RuntimeStatus}); rerun it once it has, or cancel it first.");
        }

        var newRunId = RunIds.New(old.Graph.Name, clock);
        var result = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<RunResult>() : null;
        var graphInputs = old.Graph.Inputs.ToHashSet(StringComparer.Ordinal);
        var inputs = new List<string>();
        var reused = new List<string>();
        await foreach (var product in refs.ListProductsAsync(oldRunId, cancellationToken).ConfigureAwait(false))
        {
            // The ref keeps its producer: the product was made by that step of the old run.
            await refs.LinkAsync(newRunId, product, product.Producer, cancellationToken).ConfigureAwait(false);
            (graphInputs.Contains(product.Name) ? inputs : reused).Add(product.Name);
        }

        var productless = old.Graph.Steps.Where(s => s.Produces.Count == 0).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var reusedSteps = result?.Steps.Where(s => s.State.IsSatisfied() && productless.Contains(s.Step)).Select(s => s.Step).ToList() ?? [];
        return old with
        {
            RunId = newRunId,
            Inputs = inputs,
            Reused = reused,
            ReusedSteps = reusedSteps,
            RerunOf = oldRunId,
        };
    }
}
