using Bazaar.Hosting;
using Bazaar.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Bazaar.Functions.Orchestration;

/// <summary>The <c>RunShard</c> orchestrator's entry point (<see cref="BazaarTasks.RunShard"/>): the same orchestrator the local host runs.</summary>
public static class RunShardFunction
{
    /// <summary>Walks one shard of a large run, started by the run's own orchestration.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <returns>The shard's result.</returns>
    [Function(BazaarTasks.RunShard)]
    public static Task<RunResult> RunShard([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<ShardRequest>() ?? throw new InvalidOperationException(
            $"Orchestration {context.InstanceId} was started without a ShardRequest input; shards are started by their run's RunGraph orchestration.");
        return TaskEntryPoints.RunShardAsync(context, request);
    }
}
