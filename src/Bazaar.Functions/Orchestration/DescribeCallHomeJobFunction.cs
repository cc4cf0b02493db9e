using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Remotes;
using Microsoft.Azure.Functions.Worker;

namespace Bazaar.Functions.Orchestration;

/// <summary>The <see cref="BazaarTasks.DescribeCallHomeJob"/> activity in the Function App: the engine's own code, run by the Functions host.</summary>
public static class DescribeCallHomeJobFunction
{
    /// <summary>Asks a call-home remote how a job is.</summary>
    /// <param name="request">The job.</param>
    /// <param name="instanceId">The orchestration that asks.</param>
    /// <param name="executionContext">The function's context.</param>
    /// <returns>What the service says of it.</returns>
    [Function(BazaarTasks.DescribeCallHomeJob)]
    public static Task<CallHomeJobStatus> DescribeCallHomeJob(
        [ActivityTrigger] CallHomeJobRequest request,
        string instanceId,
        FunctionContext executionContext)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        return TaskEntryPoints.DescribeCallHomeJobAsync(
            executionContext.InstanceServices, new FunctionActivityContext(BazaarTasks.DescribeCallHomeJob, instanceId), request);
    }
}
