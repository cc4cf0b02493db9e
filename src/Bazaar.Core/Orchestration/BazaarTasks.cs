using Microsoft.DurableTask;

namespace Bazaar.Orchestration;

/// <summary>The names of Bazaar's orchestration and activity, and their registration.</summary>
public static class BazaarTasks
{
    /// <summary>The orchestration that walks a graph.</summary>
    public const string RunGraph = "RunGraph";

    /// <summary>The activity that runs one attempt of one step.</summary>
    public const string ExecuteStep = "ExecuteStep";

    /// <summary>The external event that stops a run; its data is the reason.</summary>
    public const string CancelEvent = "cancel";

    /// <summary>Registers the orchestrator and the activity.</summary>
    /// <param name="registry">The worker's task registry.</param>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<RunGraphOrchestrator>(RunGraph);
        registry.AddActivity<ExecuteStepActivity>(ExecuteStep);
    }
}
