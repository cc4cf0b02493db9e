using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <summary>
/// A run as the API sees it at one moment: the orchestration's metadata, the graph it runs, and
/// each step's state — from the result once the run has ended, from the step records before.
/// </summary>
internal sealed record RunSnapshot(OrchestrationMetadata Metadata, GraphDefinition Graph, RunResult? Result, IReadOnlyList<StepResult> Steps)
{
    /// <summary>Gets each step's state; a step that has not started is waiting when some of its inputs exist, else not started.</summary>
    public IReadOnlyDictionary<string, StepState> States { get; } = StatesOf(Graph, Steps);

    public RunState State => StateOf(this.Metadata.RuntimeStatus, this.Result?.Cancelled, this.Result?.Succeeded);

    public static RunState StateOf(OrchestrationRuntimeStatus status, string? cancelled, bool? succeeded) => status switch
    {
        OrchestrationRuntimeStatus.Pending => RunState.Pending,
        OrchestrationRuntimeStatus.Completed when cancelled is not null => RunState.Cancelled,
        OrchestrationRuntimeStatus.Completed when succeeded == true => RunState.Succeeded,
        OrchestrationRuntimeStatus.Completed => RunState.Failed,
        OrchestrationRuntimeStatus.Terminated => RunState.Cancelled,
        OrchestrationRuntimeStatus.Failed => RunState.Error,
        _ => RunState.Running,
    };

    public RunView ToView(RunLinks? links) => new()
    {
        Id = this.Metadata.InstanceId,
        Graph = this.Graph.Name,
        State = this.State,
        CreatedAt = this.Metadata.CreatedAt,
        UpdatedAt = this.Metadata.LastUpdatedAt,
        Counts = this.States.Values.GroupBy(s => s).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
        Steps = this.Steps,
        Result = this.Result,
        Error = this.State switch
        {
            RunState.Error => this.Metadata.FailureDetails?.ErrorMessage ?? "the orchestration failed",
            RunState.Cancelled => this.Result?.Cancelled ?? this.Metadata.SerializedOutput ?? "terminated",
            _ => null,
        },
        Links = links,
    };

    private static Dictionary<string, StepState> StatesOf(GraphDefinition graph, IReadOnlyList<StepResult> steps)
    {
        var states = steps.ToDictionary(s => s.Step, s => s.State, StringComparer.Ordinal);
        var available = graph.Inputs.ToHashSet(StringComparer.Ordinal);
        foreach (var step in graph.Steps.Where(s => states.GetValueOrDefault(s.Name).IsSatisfied()))
        {
            available.UnionWith(step.Produces.Select(p => p.Name));
        }

        foreach (var step in graph.Steps.Where(s => !states.ContainsKey(s.Name)))
        {
            states[step.Name] = step.Consumes.Any(available.Contains) ? StepState.Waiting : StepState.NotStarted;
        }

        return states;
    }
}
