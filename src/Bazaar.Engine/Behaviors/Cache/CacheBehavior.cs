using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Behaviors;

/// <summary>
/// The cache behaviour (<c>cache: true</c>), inside each attempt: the key is <see cref="StepCacheKey"/> of
/// the step and the digests of its inputs as the workspace read them (once for the attempt). A hit whose
/// content is all still stored makes the recorded outputs exist in this run without running the step
/// (<see cref="StepState.Cached"/>); an entry with content gone is a miss; a success is recorded.
/// </summary>
/// <param name="services">The content store, the run's refs and the action cache.</param>
internal sealed class CacheBehavior(AttemptServices services) : IAttemptBehavior
{
    /// <inheritdoc/>
    public async Task<AttemptOutcome> RunAsync(StepAttempt attempt, Func<StepAttempt, Task<AttemptOutcome>> next)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(next);
        var input = attempt.Request;
        if (!input.Step.Cache)
        {
            return await next(attempt).ConfigureAwait(false);
        }

        var inputs = await attempt.Workspace.GetInputsAsync(attempt.CancellationToken).ConfigureAwait(false);
        var key = StepCacheKey.Compute(input.Step, inputs.ToDictionary(i => i.Key, i => i.Value.Digest, StringComparer.Ordinal));
        // A call-home attempt is looked up when it is submitted and recorded when it is ended.
        if (input.End is null && await this.TryHitAsync(attempt, key).ConfigureAwait(false) is { } hit)
        {
            return new AttemptOutcome(hit, []);
        }

        var outcome = await next(attempt).ConfigureAwait(false);
        if (outcome.Record.State == StepState.Succeeded)
        {
            var entry = new CacheEntry { Key = key, RunId = input.RunId, Step = input.Step.Name, Outputs = outcome.Record.Products, CreatedAt = services.Clock.GetUtcNow() };
            await services.Cache.PutCacheEntryAsync(entry, attempt.CancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// Looks the key up; on a hit whose content is all still stored, makes the recorded outputs
    /// exist in this run and returns the cached result. An entry with content gone is a miss.
    /// </summary>
    private async Task<StepResult?> TryHitAsync(StepAttempt attempt, string key)
    {
        var (input, log, cancellationToken) = (attempt.Request, attempt.Log, attempt.CancellationToken);
        if (await services.Cache.GetCacheEntryAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry
            || !input.Step.Produces.All(p => entry.Outputs.Any(o => o.Name == p.Name)))
        {
            return null;
        }

        foreach (var output in entry.Outputs)
        {
            if (!await services.Content.ContentExistsAsync(output.Digest, cancellationToken).ConfigureAwait(false))
            {
                await log.WriteLineAsync($"[bazaar] cache entry {key} names content {output.Digest} that is gone; running the step", cancellationToken).ConfigureAwait(false);
                return null;
            }
        }

        var producer = new ProductProducer(input.RunId, input.Step.Name, input.Attempt, input.Step.Remote.Type);
        var products = new List<ProductRef>();
        foreach (var output in entry.Outputs.Where(o => input.Step.Produces.Any(p => p.Name == o.Name)))
        {
            products.Add(await services.Refs.LinkAsync(input.RunId, output, producer, cancellationToken).ConfigureAwait(false));
        }

        var note = $"outputs from the cache (key {key[..19]}…), recorded by step '{entry.Step}' of run {entry.RunId}";
        await log.WriteLineAsync($"[bazaar] {note}; the step was not run", cancellationToken).ConfigureAwait(false);
        return attempt.Record with { State = StepState.Cached, Products = products, Behavior = "cache", Note = note };
    }
}
