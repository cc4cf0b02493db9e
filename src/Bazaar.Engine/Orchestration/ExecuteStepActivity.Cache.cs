using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Orchestration;

/// <content>The cache behaviour: a step's key, and a hit that makes recorded outputs exist without running it.</content>
internal sealed partial class ExecuteStepActivity
{
    /// <summary>The step's cache key, from the digests of its inputs as the workspace read them (once for the attempt).</summary>
    private static async Task<string> CacheKeyAsync(ExecuteStepRequest input, LocalStepWorkspace workspace, CancellationToken cancellationToken)
    {
        var inputs = await workspace.GetInputsAsync(cancellationToken).ConfigureAwait(false);
        return StepCacheKey.Compute(input.Step, inputs.ToDictionary(i => i.Key, i => i.Value.Digest, StringComparer.Ordinal));
    }

    /// <summary>
    /// Looks the key up; on a hit whose content is all still stored, makes the recorded outputs
    /// exist in this run and returns the cached result. An entry with content gone is a miss.
    /// </summary>
    private async Task<StepResult?> TryCacheHitAsync(ExecuteStepRequest input, StepResult record, string key, IStepLog log, CancellationToken cancellationToken)
    {
        if (await cache.GetCacheEntryAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry
            || !input.Step.Produces.All(p => entry.Outputs.Any(o => o.Name == p.Name)))
        {
            return null;
        }

        foreach (var output in entry.Outputs)
        {
            if (!await content.ContentExistsAsync(output.Digest, cancellationToken).ConfigureAwait(false))
            {
                await log.WriteLineAsync($"[bazaar] cache entry {key} names content {output.Digest} that is gone; running the step", cancellationToken).ConfigureAwait(false);
                return null;
            }
        }

        var producer = new ProductProducer(input.RunId, input.Step.Name, input.Attempt, input.Step.Remote.Type);
        var products = new List<ProductRef>();
        foreach (var output in entry.Outputs.Where(o => input.Step.Produces.Any(p => p.Name == o.Name)))
        {
            products.Add(await refs.LinkAsync(input.RunId, output, producer, cancellationToken).ConfigureAwait(false));
        }

        var note = $"outputs from the cache (key {key[..19]}…), recorded by step '{entry.Step}' of run {entry.RunId}";
        await log.WriteLineAsync($"[bazaar] {note}; the step was not run", cancellationToken).ConfigureAwait(false);
        return record with { State = StepState.Cached, Products = products, Behavior = "cache", Note = note };
    }
}
