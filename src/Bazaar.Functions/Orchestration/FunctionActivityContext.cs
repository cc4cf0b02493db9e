using Microsoft.DurableTask;

namespace Bazaar.Functions.Orchestration;

/// <summary>The activity context a Function's activity trigger does not give: its name and the calling instance.</summary>
/// <param name="name">The activity's name.</param>
/// <param name="instanceId">The orchestration instance that called it.</param>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc/>
    public override TaskName Name { get; } = name;

    /// <inheritdoc/>
    public override string InstanceId { get; } = instanceId;
}
