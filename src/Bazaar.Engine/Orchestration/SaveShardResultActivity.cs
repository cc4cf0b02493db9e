using Bazaar.Products;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace Bazaar.Orchestration;

/// <summary>
/// Stores one shard's full step results in blob storage (<see cref="IStepRecords.WriteShardResultAsync"/>),
/// so a run's orchestration output need carry only each step's state, whatever the graph's size.
/// </summary>
internal sealed class SaveShardResultActivity(IStepRecords records, IHostApplicationLifetime? lifetime = null)
    : TaskActivity<ShardResultRequest, string>
{
    /// <inheritdoc/>
    public override Task<string> RunAsync(TaskActivityContext context, ShardResultRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return records.WriteShardResultAsync(input.RunId, input.Shard, input.Steps, lifetime?.ApplicationStopping ?? CancellationToken.None);
    }
}
