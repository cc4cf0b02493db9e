using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>
/// Keeps the counts behind <see cref="RunStatus"/> up to date in O(1) per change, so publishing
/// the status never costs a pass over the graph.
/// </summary>
internal sealed class RunProgress
{
    private readonly string graph;
    private readonly int total;
    private readonly Dictionary<StepState, int> counts = [];
    private readonly List<string> running = [];

    public RunProgress(string graph, int total)
    {
        this.graph = graph;
        this.total = total;
        this.counts[StepState.NotStarted] = total;
    }

    public void Started(string step)
    {
        this.Move(StepState.NotStarted, StepState.Running);
        this.running.Add(step);
    }

    public void Finished(string step, StepState state)
    {
        if (this.running.Remove(step))
        {
            this.Move(StepState.Running, state);
        }
        else
        {
            this.Move(StepState.NotStarted, state);
        }
    }

    /// <summary>Gets or sets why the run was cancelled, once it was.</summary>
    public string? Cancelled { get; set; }

    public RunStatus ToStatus() => new()
    {
        Cancelled = this.Cancelled,
        Total = this.total,
        Graph = this.graph,
        Counts = this.counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value),
        Running = this.running.Take(RunStatus.MaxRunningListed).ToList(),
    };

    private void Move(StepState from, StepState to)
    {
        this.counts[from] = this.counts.GetValueOrDefault(from) - 1;
        this.counts[to] = this.counts.GetValueOrDefault(to) + 1;
    }
}
