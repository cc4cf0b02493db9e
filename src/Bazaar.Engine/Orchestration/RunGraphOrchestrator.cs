using Microsoft.DurableTask;

namespace Bazaar.Orchestration;

/// <summary>
/// The <c>RunGraph</c> orchestrator: one run of a graph, from its <see cref="RunRequest"/> to its
/// <see cref="RunResult"/>. It walks the graph itself (<see cref="GraphWalk"/>: a step starts the
/// moment its last input exists, up to <see cref="RunOptions.MaxParallel"/> at once, retried as its
/// policy decides from the failure's kind). A graph over <see cref="RunOptions.ShardSize"/> steps is
/// walked in shards instead, each a <see cref="RunShardOrchestrator"/> sub-orchestration started
/// when the shards it consumes from have ended (<see cref="ShardedRun"/>). Deterministic: time and
/// identity come only from the context.
/// </summary>
internal sealed class RunGraphOrchestrator : TaskOrchestrator<RunRequest, RunResult>
{
    /// <inheritdoc/>
    public override Task<RunResult> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        if (input.Options.ShardSize > 0 && input.Graph.Steps.Count > input.Options.ShardSize)
        {
            return ShardedRun.RunAsync(context, input);
        }

        var walk = new GraphWalk
        {
            RunId = input.RunId,
            Graph = input.Graph,
            Options = input.Options,
            GraphSecrets = GraphWalk.SecretsOf(input.Graph),
            Inputs = input.Inputs,
            Reused = input.Reused,
            ReusedSteps = input.ReusedSteps,
            RerunOf = input.RerunOf,
        };
        return walk.RunAsync(context);
    }
}
