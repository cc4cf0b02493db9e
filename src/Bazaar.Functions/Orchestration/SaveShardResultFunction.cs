using Bazaar.Hosting;
using Bazaar.Orchestration;
using Microsoft.Azure.Functions.Worker;

namespace Bazaar.Functions.Orchestration;

/// <summary>The <c>SaveShardResult</c> activity's entry point: the same activity the local host runs.</summary>
public static class SaveShardResultFunction
{
    /// <summary>Stores one shard's full step results, called by the shard at its end.</summary>
    /// <param name="request">The shard and its step results.</param>
    /// <param name="instanceId">The orchestration instance (the shard) that called the activity, from the trigger's binding data.</param>
    /// <param name="executionContext">The invocation, whose services build the activity.</param>
    /// <returns>The name of the blob the results were written to.</returns>
    [Function(BazaarTasks.SaveShardResult)]
    public static Task<string> SaveShardResult(
        [ActivityTrigger] ShardResultRequest request,
        string instanceId,
        FunctionContext executionContext)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        return TaskEntryPoints.SaveShardResultAsync(
            executionContext.InstanceServices, new FunctionActivityContext(BazaarTasks.SaveShardResult, instanceId), request);
    }
}
