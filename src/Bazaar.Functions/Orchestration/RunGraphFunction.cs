using Bazaar.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Bazaar.Functions.Orchestration;

/// <summary>
/// The <c>RunGraph</c> orchestrator's entry points: the same orchestrator the local host runs, as a
/// whole run and as one shard of a run too large for one orchestration.
/// </summary>
public static class RunGraphFunction
{
    /// <summary>Walks the graph of the run request the orchestration was started with.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <returns>The run's result.</returns>
    [Function(BazaarTasks.RunGraph)]
    public static Task<RunResult> RunGraph([OrchestrationTrigger] TaskOrchestrationContext context) => Run(context);

    /// <summary>Walks one shard of a large run, started by the run's own orchestration.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <returns>The shard's result.</returns>
    [Function(BazaarTasks.RunShard)]
    public static Task<RunResult> RunGraphShard([OrchestrationTrigger] TaskOrchestrationContext context) => Run(context);

    private static Task<RunResult> Run(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<RunRequest>() ?? throw new InvalidOperationException(
            $"Orchestration {context.InstanceId} was started without a RunRequest input; start runs through POST /api/runs.");
        return new RunGraphOrchestrator().RunAsync(context, request);
    }
}
