namespace Bazaar.Graphs;

// The graph file read into a small tree that remembers where every node came from. YAML and
// JSON are both read into it, so the rest of the loader has one input shape and every problem
// it reports has a line.

/// <summary>The kind of a scalar after YAML 1.2 core-schema resolution (or JSON's own types).</summary>
internal enum ScalarKind
{
    String,
    Number,
    Bool,
    Null,
}

/// <summary>A node of a graph file, with the 1-based line and column it starts at.</summary>
internal abstract class GraphNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Gets a short description of the node's type for messages ("a map", "a list", "a string").</summary>
    public abstract string Describe();
}

/// <summary>A scalar: its text and resolved kind.</summary>
internal sealed class ScalarNode(string value, ScalarKind kind, int line, int column) : GraphNode(line, column)
{
    public string Value { get; } = value;

    public ScalarKind Kind { get; } = kind;

    public bool IsNull => this.Kind == ScalarKind.Null;

    public override string Describe() => this.Kind switch
    {
        ScalarKind.Null => "nothing (null)",
        ScalarKind.Number => $"the number {this.Value}",
        ScalarKind.Bool => $"the boolean {this.Value}",
        _ => $"the string '{this.Value}'",
    };
}

/// <summary>A list.</summary>
internal sealed class SequenceNode(IReadOnlyList<GraphNode> items, int line, int column) : GraphNode(line, column)
{
    public IReadOnlyList<GraphNode> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary>A map, its entries in file order, duplicates kept so the loader can report them.</summary>
internal sealed class MappingNode(IReadOnlyList<KeyValuePair<ScalarNode, GraphNode>> entries, int line, int column)
    : GraphNode(line, column)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, GraphNode>> Entries { get; } = entries;

    public override string Describe() => "a map";
}
