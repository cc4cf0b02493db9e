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
    private async Task<string> CacheKeyAsync(ExecuteStepRequest input, CancellationToken cancellationToken)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in input.Step.Consumes.Distinct())
        {
            var product = await store.GetAsync(input.RunId, name, cancellationToken).ConfigureAwait(false) ?? throw new BazaarException(
                $"Step '{input.Step.Name}' consumes '{name}', but run '{input.RunId}' has no such product stored; the run's storage was changed while it ran.");
            digests[name] = product.Digest;
        }

        return StepCacheKey.Compute(input.Step, digests);
    }

    /// <summary>
    /// Looks the key up; on a hit whose content is all still stored, makes the recorded outputs
    /// exist in this run and returns the cached result. An entry with content gone is a miss.
    /// </summary>
    private async Task<StepResult?> TryCacheHitAsync(ExecuteStepRequest input, StepResult record, string key, IStepLog log, CancellationToken cancellationToken)
    {
        if (await store.GetCacheEntryAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry
            || !input.Step.Produces.All(p => entry.Outputs.Any(o => o.Name == p.Name)))
        {
            return null;
        }

        foreach (var output in entry.Outputs)
        {
            if (!await store.ContentExistsAsync(output.Digest, cancellationToken).ConfigureAwait(false))
            {
                await log.WriteLineAsync($"[bazaar] cache entry {key} names content {output.Digest} that is gone; running the step", cancellationToken).ConfigureAwait(false);
                return null;
            }
        }

        var producer = new ProductProducer(input.RunId, input.Step.Name, input.Attempt, input.Step.Remote.Type);
        var products = new List<ProductRef>();
        foreach (var output in entry.Outputs.Where(o => input.Step.Produces.Any(p => p.Name == o.Name)))
        {
            products.Add(await store.LinkAsync(input.RunId, output, producer, cancellationToken).ConfigureAwait(false));
        }

        var note = $"outputs from the cache (key {key[..19]}…), recorded by step '{entry.Step}' of run {entry.RunId}";
        await log.WriteLineAsync($"[bazaar] {note}; the step was not run", cancellationToken).ConfigureAwait(false);
        return record with { State = StepState.Cached, Products = products, Behavior = "cache", Note = note };
    }
}
