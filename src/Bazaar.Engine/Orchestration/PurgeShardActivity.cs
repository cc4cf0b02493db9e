using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;

namespace Bazaar.Orchestration;

/// <summary>
/// Deletes the history of a shard that has ended, once its run has the shard's result. A shard's
/// steps are in its stored results (<see cref="SaveShardResultActivity"/>) and its own history is
/// read by nobody after that; purging it at once keeps a large run from leaving tens of thousands
/// of history rows behind, and keeps the task hub's tables small while the run goes on.
/// </summary>
internal sealed class PurgeShardActivity(DurableTaskClient client, IHostApplicationLifetime? lifetime = null) : TaskActivity<string, bool>
{
    // How long the shard's status row may lag its result before the purge gives up (the history then stays).
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    /// <returns><see langword="true"/> when the shard's history was deleted; <see langword="false"/> when there was none.</returns>
    /// <exception cref="ArgumentException">The instance is not a shard: nothing else is purged through here.</exception>
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        if (!BazaarTasks.IsShardInstanceId(input))
        {
            throw new ArgumentException($"'{input}' is not the instance id of a run's shard; only shards are purged by the run.", nameof(input));
        }

        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        if (await client.GetInstanceAsync(input, getInputsAndOutputs: false, stopping).ConfigureAwait(false) is null)
        {
            return false; // purged already (this activity ran before and its result was lost)
        }

        // The run has the shard's result, but the task hub writes the shard's own status row after it sends
        // that result: a purge in between is refused as the shard still running, or, where the client does
        // not check, undone by that late write, which leaves the row behind. It is milliseconds behind.
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        settle.CancelAfter(SettleLimit);
        await client.WaitForInstanceCompletionAsync(input, getInputsAndOutputs: false, settle.Token).ConfigureAwait(false);
        var purged = await client.PurgeInstanceAsync(input, stopping).ConfigureAwait(false);
        return purged.PurgedInstanceCount > 0;
    }
}
