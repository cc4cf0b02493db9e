using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.Azure.Functions.Worker;

namespace Bazaar.Functions.Orchestration;

/// <summary>The <c>ExecuteStep</c> activity's entry point: the same activity the local host runs.</summary>
public static class ExecuteStepFunction
{
    /// <summary>Runs one attempt of one step.</summary>
    /// <param name="request">The step and attempt.</param>
    /// <param name="instanceId">The orchestration instance (the run) that called the activity, from the trigger's binding data.</param>
    /// <param name="executionContext">The invocation, whose services build the activity.</param>
    /// <returns>The step's result; a failed step is a result, not an exception.</returns>
    [Function(BazaarTasks.ExecuteStep)]
    public static Task<StepResult> ExecuteStep(
        [ActivityTrigger] ExecuteStepRequest request,
        string instanceId,
        FunctionContext executionContext)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        return TaskEntryPoints.ExecuteStepAsync(
            executionContext.InstanceServices, new FunctionActivityContext(BazaarTasks.ExecuteStep, instanceId), request);
    }
}
