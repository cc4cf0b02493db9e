using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Client;

namespace Bazaar.Hosting;

/// <summary>Reading an ended run's <see cref="RunResult"/> whole, wherever its parts are stored.</summary>
public static class RunResults
{
    /// <summary>
    /// Reads the result of a run that completed: the orchestration's output, with the full results
    /// of the steps that a shard stored (<see cref="RunResult.Shards"/>) in place of their states.
    /// </summary>
    /// <param name="metadata">The run's orchestration, fetched with its output.</param>
    /// <param name="records">The step records the run's shards wrote to.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The result, or <see langword="null"/> when the orchestration did not complete with one.</returns>
    public static async Task<RunResult?> ReadAsync(OrchestrationMetadata metadata, IStepRecords records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(records);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed || metadata.ReadOutputAs<RunResult>() is not { } result)
        {
            return null;
        }

        if (result.Shards == 0)
        {
            return result;
        }

        var shards = await Task.WhenAll(Enumerable.Range(0, result.Shards)
            .Select(shard => records.GetShardResultAsync(result.RunId, shard, cancellationToken))).ConfigureAwait(false);
        return Merge(result, shards);
    }

    /// <summary>Puts the steps the shards stored in place of those the output carries.</summary>
    /// <param name="result">The orchestration's output.</param>
    /// <param name="shards">Each shard's stored results, or <see langword="null"/> for a shard that stored none.</param>
    /// <returns>The result with every stored step whole.</returns>
    internal static RunResult Merge(RunResult result, IEnumerable<IReadOnlyList<StepResult>?> shards)
    {
        // A shard that could not store its results handed them over whole, and a shard that never
        // started has none: those steps keep what the output says.
        var stored = shards.OfType<IReadOnlyList<StepResult>>().SelectMany(s => s).ToDictionary(s => s.Step, StringComparer.Ordinal);
        return result with { Steps = [.. result.Steps.Select(step => stored.GetValueOrDefault(step.Step) ?? step)] };
    }
}
