using Microsoft.DurableTask;

namespace Bazaar.Orchestration;

/// <summary>The names of Bazaar's orchestrations and activities, and their registration.</summary>
public static class BazaarTasks
{
    /// <summary>The orchestration that walks a graph.</summary>
    public const string RunGraph = "RunGraph";

    /// <summary>
    /// The orchestration that walks one shard of a graph too large for one (<see cref="RunOptions.ShardSize"/>),
    /// <see cref="RunShardOrchestrator"/> with a <see cref="ShardRequest"/>, called by <see cref="RunGraph"/>.
    /// </summary>
    /// <remarks>
    /// Its name is <c>RunGraphShard</c>, the name shards had when <see cref="RunGraphOrchestrator"/>
    /// ran them too: a run's history names the shards it started, and a shard in flight across an
    /// upgrade resumes under the name it was started with.
    /// </remarks>
    public const string RunShard = "RunGraphShard";

    /// <summary>The activity that runs one attempt of one step.</summary>
    public const string ExecuteStep = "ExecuteStep";

    /// <summary>The activity that stores one shard's full step results, called by the shard at its end.</summary>
    public const string SaveShardResult = "SaveShardResult";

    /// <summary>The activity that asks a call-home remote how a job is (reconciliation).</summary>
    public const string DescribeCallHomeJob = "DescribeCallHomeJob";

    /// <summary>The activity that deletes an ended shard's history, called by the run once it has the shard's result.</summary>
    public const string PurgeShard = "PurgeShard";

    /// <summary>The external event that stops a run; its data is the reason.</summary>
    public const string CancelEvent = "cancel";

    /// <summary>The external event a run sends its running shards when a step failed under failFast; its data is the step's name.</summary>
    public const string FailFastEvent = "fail-fast";

    /// <summary>The instance id of a run's shard: the run id, then <c>:shard-</c> and the shard's index.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="shard">The shard's index.</param>
    /// <returns>The id; no run id holds a ':'.</returns>
    public static string ShardInstanceId(string runId, int shard) => $"{runId}:shard-{shard}";

    /// <summary>Tells whether an instance id is that of a run's shard (<see cref="ShardInstanceId"/>).</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <returns><see langword="true"/> for <c>&lt;runId&gt;:shard-&lt;n&gt;</c>.</returns>
    public static bool IsShardInstanceId(string? instanceId) =>
        instanceId?.Split(":shard-") is [{ Length: > 0 }, { Length: > 0 } shard] && int.TryParse(shard, System.Globalization.NumberStyles.None, null, out _);

    /// <summary>Registers the orchestrators and the activities.</summary>
    /// <param name="registry">The worker's task registry.</param>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<RunGraphOrchestrator>(RunGraph);
        registry.AddOrchestrator<RunShardOrchestrator>(RunShard);
        registry.AddActivity<ExecuteStepActivity>(ExecuteStep);
        registry.AddActivity<SaveShardResultActivity>(SaveShardResult);
        registry.AddActivity<DescribeCallHomeJobActivity>(DescribeCallHomeJob);
        registry.AddActivity<PurgeShardActivity>(PurgeShard);
    }
}
