using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Hosting;

/// <summary>
/// Bazaar's orchestrators and activities as plain calls, for a host that binds each to an entry point of its
/// own rather than registering them with <see cref="BazaarTasks.Register"/>: the Function App, whose isolated
/// worker finds functions by their <c>[Function]</c> attribute. Each call runs the same class the local host
/// registers; those classes stay internal. An activity is built from the caller's services, as the Durable
/// source generator does for class-based activities.
/// </summary>
public static class TaskEntryPoints
{
    /// <summary>Runs the <see cref="BazaarTasks.RunGraph"/> orchestrator.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <param name="request">The run, the orchestration's input.</param>
    /// <returns>The run's result.</returns>
    public static Task<RunResult> RunGraphAsync(TaskOrchestrationContext context, RunRequest request) =>
        new RunGraphOrchestrator().RunAsync(context, request);

    /// <summary>Runs the <see cref="BazaarTasks.RunShard"/> orchestrator.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <param name="request">The shard, the orchestration's input.</param>
    /// <returns>The shard's result.</returns>
    public static Task<RunResult> RunShardAsync(TaskOrchestrationContext context, ShardRequest request) =>
        new RunShardOrchestrator().RunAsync(context, request);

    /// <summary>Runs the <see cref="BazaarTasks.ExecuteStep"/> activity: one attempt of one step.</summary>
    /// <param name="services">The services the activity is built from.</param>
    /// <param name="context">The activity's context.</param>
    /// <param name="request">The step and attempt.</param>
    /// <returns>The step's result; a failed step is a result, not an exception.</returns>
    public static Task<StepResult> ExecuteStepAsync(IServiceProvider services, TaskActivityContext context, ExecuteStepRequest request) =>
        ActivatorUtilities.GetServiceOrCreateInstance<ExecuteStepActivity>(services).RunAsync(context, request);

    /// <summary>Runs the <see cref="BazaarTasks.SaveShardResult"/> activity: stores one shard's full step results.</summary>
    /// <param name="services">The services the activity is built from.</param>
    /// <param name="context">The activity's context.</param>
    /// <param name="request">The shard and its step results.</param>
    /// <returns>The name of the blob the results were written to.</returns>
    public static Task<string> SaveShardResultAsync(IServiceProvider services, TaskActivityContext context, ShardResultRequest request) =>
        ActivatorUtilities.GetServiceOrCreateInstance<SaveShardResultActivity>(services).RunAsync(context, request);

    /// <summary>Runs the <c>DescribeCallHomeJob</c> activity.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="context">The activity's context.</param>
    /// <param name="request">The job.</param>
    /// <returns>What the service says of it.</returns>
    public static Task<Remotes.CallHomeJobStatus> DescribeCallHomeJobAsync(IServiceProvider services, TaskActivityContext context, CallHomeJobRequest request) =>
        ActivatorUtilities.GetServiceOrCreateInstance<DescribeCallHomeJobActivity>(services).RunAsync(context, request);

    /// <summary>Runs the <see cref="BazaarTasks.PurgeShard"/> activity: deletes the history of a shard that has ended.</summary>
    /// <param name="services">The services the activity is built from.</param>
    /// <param name="client">The durable client of the task hub the shard ran on.</param>
    /// <param name="context">The activity's context.</param>
    /// <param name="shardInstanceId">The shard's instance id (<see cref="BazaarTasks.ShardInstanceId"/>).</param>
    /// <returns>Whether there was a history to delete.</returns>
    public static Task<bool> PurgeShardAsync(IServiceProvider services, DurableTaskClient client, TaskActivityContext context, string shardInstanceId) =>
        ActivatorUtilities.CreateInstance<PurgeShardActivity>(services, client).RunAsync(context, shardInstanceId);
}
