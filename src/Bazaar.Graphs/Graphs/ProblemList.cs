namespace Bazaar.Graphs;

/// <summary>Collects the problems found in one graph, all naming the same source.</summary>
internal sealed class ProblemList(string source)
{
    private readonly List<GraphProblem> items = [];

    public string Source { get; } = source;

    public IReadOnlyList<GraphProblem> Items => this.items;

    public int Count => this.items.Count;

    public void Add(string message, int? line = null, int? column = null) =>
        this.items.Add(new GraphProblem(message, this.Source, line, column));

    public void Add(string message, GraphNode node) => this.Add(message, node.Line, node.Column);

    /// <summary>Gets the problems ordered by line (those without a line first), ties kept in the order found.</summary>
    public IReadOnlyList<GraphProblem> Sorted() =>
        [.. this.items.Select((p, i) => (p, i)).OrderBy(x => x.p.Line ?? 0).ThenBy(x => x.i).Select(x => x.p)];
}
