using Bazaar.Graphs;
using Bazaar.Orchestration;
using Microsoft.DurableTask;

namespace Bazaar.Behaviors;

/// <summary>A step as the graph walk dispatches it to the orchestration halves of the behaviours.</summary>
internal sealed record StepDispatch
{
    /// <summary>Gets the orchestration's context: its clock, timers and activity calls.</summary>
    public required TaskOrchestrationContext Context { get; init; }

    /// <summary>Gets the request of the attempt that is dispatched next; the retry behaviour sets its <see cref="ExecuteStepRequest.Attempt"/>, the timeout behaviour its <see cref="ExecuteStepRequest.Deadline"/>.</summary>
    public required ExecuteStepRequest Request { get; init; }

    /// <summary>Gets the step.</summary>
    public StepDefinition Step => this.Request.Step;

    /// <summary>Gets the products reused from an earlier run.</summary>
    public IReadOnlySet<string> ReusedProducts { get; init; } = new HashSet<string>();

    /// <summary>Gets the steps without products that succeeded in the run this one reruns.</summary>
    public IReadOnlySet<string> ReusedSteps { get; init; } = new HashSet<string>();

    /// <summary>Gets the run this one reruns, or <see langword="null"/>.</summary>
    public string? RerunOf { get; init; }

    /// <summary>Gets a token cancelled when the run is cancelled: waits between attempts end at once.</summary>
    public CancellationToken RunCancelled { get; init; }
}
