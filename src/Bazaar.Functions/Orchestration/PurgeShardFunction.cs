using Bazaar.Hosting;
using Bazaar.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Bazaar.Functions.Orchestration;

/// <summary>The <c>PurgeShard</c> activity's entry point: the same activity the local host runs, with the Function's durable client.</summary>
public static class PurgeShardFunction
{
    /// <summary>Deletes the history of a shard that has ended, called by its run.</summary>
    /// <param name="shardInstanceId">The shard's instance id, <c>&lt;runId&gt;:shard-&lt;n&gt;</c>.</param>
    /// <param name="instanceId">The orchestration instance (the run) that called the activity, from the trigger's binding data.</param>
    /// <param name="client">The durable client of the app's task hub.</param>
    /// <param name="executionContext">The invocation, whose services build the activity.</param>
    /// <returns>Whether there was a history to delete.</returns>
    [Function(BazaarTasks.PurgeShard)]
    public static Task<bool> PurgeShard(
        [ActivityTrigger] string shardInstanceId,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        FunctionContext executionContext)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        return TaskEntryPoints.PurgeShardAsync(
            executionContext.InstanceServices, client, new FunctionActivityContext(BazaarTasks.PurgeShard, instanceId), shardInstanceId);
    }
}
