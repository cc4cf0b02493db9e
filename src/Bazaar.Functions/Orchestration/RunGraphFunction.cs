using Bazaar.Hosting;
using Bazaar.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Bazaar.Functions.Orchestration;

/// <summary>The <c>RunGraph</c> orchestrator's entry point: the same orchestrator the local host runs.</summary>
public static class RunGraphFunction
{
    /// <summary>Runs the graph of the run request the orchestration was started with (in shards, when it is large).</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <returns>The run's result.</returns>
    [Function(BazaarTasks.RunGraph)]
    public static Task<RunResult> RunGraph([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<RunRequest>() ?? throw new InvalidOperationException(
            $"Orchestration {context.InstanceId} was started without a RunRequest input; start runs through POST /api/runs.");
        return TaskEntryPoints.RunGraphAsync(context, request);
    }
}
