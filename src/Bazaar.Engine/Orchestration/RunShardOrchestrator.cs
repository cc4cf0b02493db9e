using Bazaar.Products;
using Microsoft.DurableTask;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Orchestration;

/// <summary>
/// The <c>RunShard</c> orchestrator (<see cref="BazaarTasks.RunShard"/>): one shard of a run too large
/// for one orchestration, started by the run (<see cref="ShardedRun"/>) with instance id
/// <see cref="BazaarTasks.ShardInstanceId"/>. It walks its steps with the same <see cref="GraphWalk"/>
/// and <see cref="Scheduling.GraphScheduler"/> as a whole run, also stopping new steps on the run's
/// <see cref="BazaarTasks.FailFastEvent"/>, then stores its steps' full results and hands the run
/// only their states. Deterministic: time and identity come only from the context.
/// </summary>
internal sealed class RunShardOrchestrator : TaskOrchestrator<ShardRequest, RunResult>
{
    // Storing a shard's results is one blob write; a passing storage hiccup should not cost the run its detail.
    private static readonly TaskOptions SaveRetries = TaskOptions.FromRetryPolicy(new Microsoft.DurableTask.RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1)));

    /// <inheritdoc/>
    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, ShardRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        var walk = new GraphWalk
        {
            RunId = input.RunId,
            Graph = input.Graph,
            Options = input.Options,
            GraphSecrets = input.GraphSecrets,
            Inputs = input.Inputs,
            Reused = input.Reused,
            ReusedSteps = input.ReusedSteps,
            RerunOf = input.RerunOf,
            Upstream = input.Upstream,
            HearsFailFast = true,
        };
        return await HandOverAsync(context, input.Shard, await walk.RunAsync(context));
    }

    /// <summary>
    /// How a shard ends: it stores its steps' full results (<see cref="BazaarTasks.SaveShardResult"/>)
    /// and hands the run only their states, so the run's output stays small for any graph. If the
    /// store cannot take them, the shard hands them over whole, and the run's output carries them.
    /// </summary>
    private static async Task<RunResult> HandOverAsync(TaskOrchestrationContext context, int shard, RunResult result)
    {
        try
        {
            var request = new ShardResultRequest { RunId = result.RunId, Shard = shard, Steps = result.Steps };
            await context.CallActivityAsync<string>(BazaarTasks.SaveShardResult, request, SaveRetries);
        }
        catch (TaskFailedException)
        {
            return result;
        }

        return result with { Steps = [.. result.Steps.Select(s => new StepResult { Step = s.Step, State = s.State })] };
    }
}
