using System.Text;

namespace Bazaar.Graphs;

/// <summary>
/// Draws a graph as Graphviz DOT or Mermaid: steps as boxes coloured by their state (BazaarCI's
/// colours), products as ellipses (DOT) or rounded nodes (Mermaid), inputs drawn with a double
/// border, and a legend. The same graph and states always give the same text.
/// </summary>
public static class GraphRenderer
{
    // BazaarCI's colours for the states it had; orange, violet, brown and dark sea green for the four it did not.
    private static readonly (StepState State, string Colour)[] Colours =
    [
        (StepState.NotStarted, "gray"),
        (StepState.Waiting, "yellow"),
        (StepState.Running, "aqua"),
        (StepState.Succeeded, "green"),
        (StepState.Failed, "red"),
        (StepState.Skipped, "orange"),
        (StepState.Cached, "violet"),
        (StepState.Cancelled, "brown"),
        (StepState.Reused, "darkseagreen"),
    ];

    /// <summary>Gets the colour a step in a given state is drawn with, a CSS and Graphviz colour name.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The colour name.</returns>
    public static string ColourOf(StepState state) =>
        Array.Find(Colours, c => c.State == state) is { Colour: { } colour } ? colour : "white";

    /// <summary>Draws a graph as Graphviz DOT.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="states">Each step's state; a step not listed is drawn as not started.</param>
    /// <returns>The DOT text.</returns>
    public static string ToDot(GraphDefinition graph, IReadOnlyDictionary<string, StepState>? states = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var inputs = graph.Inputs.ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append("digraph ").Append(Dot(graph.Name)).Append(" {\n");
        text.Append("  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        foreach (var step in graph.Steps)
        {
            var state = StateOf(step, states);
            text.Append("  ").Append(Dot("step:" + step.Name))
                .Append(" [label=").Append(Dot(step.Name))
                .Append(", shape=box, style=filled, fillcolor=").Append(Dot(ColourOf(state)))
                .Append(", tooltip=").Append(Dot(state.ToString())).Append("];\n");
        }

        foreach (var product in Products(graph))
        {
            text.Append("  ").Append(Dot("product:" + product))
                .Append(" [label=").Append(Dot(product))
                .Append(inputs.Contains(product) ? ", shape=ellipse, peripheries=2, tooltip=\"input\"];\n" : ", shape=ellipse];\n");
        }

        foreach (var (from, to) in Edges(graph))
        {
            text.Append("  ").Append(Dot(from)).Append(" -> ").Append(Dot(to)).Append(";\n");
        }

        text.Append("  subgraph \"cluster_legend\" {\n    label=\"Legend\";\n    fontname=\"Helvetica\";\n");
        foreach (var (state, colour) in Colours)
        {
            text.Append("    ").Append(Dot("legend:" + state))
                .Append(" [label=").Append(Dot(state.ToString()))
                .Append(", shape=box, style=filled, fillcolor=").Append(Dot(colour)).Append("];\n");
        }

        text.Append("    \"legend:product\" [label=\"product\", shape=ellipse];\n");
        text.Append("    \"legend:input\" [label=\"input\", shape=ellipse, peripheries=2];\n");
        text.Append("  }\n}\n");
        return text.ToString();
    }

    /// <summary>Draws a graph as a Mermaid flowchart.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="states">Each step's state; a step not listed is drawn as not started.</param>
    /// <returns>The Mermaid text.</returns>
    public static string ToMermaid(GraphDefinition graph, IReadOnlyDictionary<string, StepState>? states = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var inputs = graph.Inputs.ToHashSet(StringComparer.Ordinal);

        // Mermaid ids are generated (s0, p0): names may hold characters Mermaid reads as syntax.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new StringBuilder("flowchart LR\n");
        for (var i = 0; i < graph.Steps.Count; i++)
        {
            var step = graph.Steps[i];
            var id = "s" + i;
            ids.TryAdd("step:" + step.Name, id);
            text.Append("  ").Append(id).Append("[\"").Append(Mermaid(step.Name)).Append("\"]:::")
                .Append(StateOf(step, states)).Append('\n');
        }

        var products = Products(graph);
        for (var i = 0; i < products.Count; i++)
        {
            var id = "p" + i;
            ids.TryAdd("product:" + products[i], id);
            text.Append("  ").Append(id).Append("(\"").Append(Mermaid(products[i])).Append("\")")
                .Append(inputs.Contains(products[i]) ? ":::input\n" : ":::product\n");
        }

        foreach (var (from, to) in Edges(graph))
        {
            text.Append("  ").Append(ids[from]).Append(" --> ").Append(ids[to]).Append('\n');
        }

        text.Append("  subgraph legend[\"Legend\"]\n    direction LR\n");
        foreach (var (state, _) in Colours)
        {
            text.Append("    legend_").Append(state).Append("[\"").Append(state).Append("\"]:::").Append(state).Append('\n');
        }

        text.Append("    legend_product(\"product\"):::product\n    legend_input(\"input\"):::input\n  end\n");
        foreach (var (state, colour) in Colours)
        {
            text.Append("  classDef ").Append(state).Append(" fill:").Append(colour).Append(",stroke:#333,color:#000\n");
        }

        text.Append("  classDef product fill:#fff,stroke:#333,color:#000\n");
        text.Append("  classDef input fill:#fff,stroke:#333,stroke-width:4px,color:#000\n");
        return text.ToString();
    }

    private static StepState StateOf(StepDefinition step, IReadOnlyDictionary<string, StepState>? states) =>
        states is not null && states.TryGetValue(step.Name, out var state) ? state : StepState.NotStarted;

    /// <summary>Gets every product once: inputs first, then in the order steps mention them.</summary>
    private static List<string> Products(GraphDefinition graph)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var products = new List<string>();
        var mentioned = graph.Inputs.Concat(graph.Steps.SelectMany(s => s.Produces.Select(p => p.Name).Concat(s.Consumes)));
        foreach (var product in mentioned)
        {
            if (seen.Add(product))
            {
                products.Add(product);
            }
        }

        return products;
    }

    /// <summary>Gets the edges, product into consumer and producer into product, each once, in declaration order.</summary>
    private static List<(string From, string To)> Edges(GraphDefinition graph)
    {
        var seen = new HashSet<(string, string)>();
        var edges = new List<(string, string)>();
        foreach (var step in graph.Steps)
        {
            var pairs = step.Consumes.Select(c => ("product:" + c, "step:" + step.Name))
                .Concat(step.Produces.Select(p => ("step:" + step.Name, "product:" + p.Name)));
            foreach (var edge in pairs)
            {
                if (seen.Add(edge))
                {
                    edges.Add(edge);
                }
            }
        }

        return edges;
    }

    private static string Dot(string id) =>
        "\"" + id.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\r", string.Empty, StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private static string Mermaid(string label)
    {
        var text = new StringBuilder(label.Length);
        foreach (var c in label)
        {
            _ = c switch
            {
                '"' or '<' or '>' or '&' or '#' or '`' or '|' or '[' or ']' or '{' or '}' or '(' or ')' => text.Append('#').Append((int)c).Append(';'),
                '\r' or '\n' => text.Append(' '),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }
}
