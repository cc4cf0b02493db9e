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
    /// <inheritdoc/>
    /// <returns><see langword="true"/> when the shard's history was deleted; <see langword="false"/> when there was none.</returns>
    /// <exception cref="ArgumentException">The instance is not a shard: nothing else is purged through here.</exception>
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        if (!BazaarTasks.IsShardInstanceId(input))
        {
            throw new ArgumentException($"'{input}' is not the instance id of a run's shard; only shards are purged by the run.", nameof(input));
        }

        var purged = await client.PurgeInstanceAsync(input, lifetime?.ApplicationStopping ?? CancellationToken.None).ConfigureAwait(false);
        return purged.PurgedInstanceCount > 0;
    }
}
