namespace Bazaar.Graphs;

/// <summary>
/// Turns a graph file's node tree into a <see cref="GraphDefinition"/>, reporting every problem of
/// shape (unknown keys, wrong types, duplicate keys, unreadable durations) and recording where
/// each part came from. Rules about the graph as a whole are the <see cref="GraphValidator"/>'s.
/// </summary>
internal sealed partial class GraphReader
{
    private static readonly string[] TopKeys = ["$schema", "name", "inputs", "remotes", "cache", "steps"];

    private readonly ProblemList problems;
    private readonly GraphSourceMap map;
    private readonly IReadOnlySet<string> installed;
    private readonly Dictionary<string, RemoteDefinition> remotes = new(StringComparer.Ordinal);
    private readonly HashSet<string> usedRemotes = new(StringComparer.Ordinal);

    private GraphReader(ProblemList problems, GraphSourceMap map, IReadOnlySet<string> installed)
    {
        this.problems = problems;
        this.map = map;
        this.installed = installed;
    }

    /// <summary>Reads a graph; <see langword="null"/> when the file holds nothing a graph can be made of.</summary>
    public static GraphDefinition? Read(GraphNode? root, ProblemList problems, GraphSourceMap map, IReadOnlySet<string> installed) =>
        new GraphReader(problems, map, installed).ReadGraph(root);

    private GraphDefinition? ReadGraph(GraphNode? root)
    {
        if (root is null or ScalarNode { IsNull: true })
        {
            this.problems.Add("the file is empty; a graph file needs at least name: and steps:", 1, 1);
            return null;
        }

        if (root is not MappingNode top)
        {
            this.problems.Add(
                $"the top level of the file is {root.Describe()}; it must be a map with name:, steps: and optionally inputs: and remotes:",
                root);
            return null;
        }

        var entries = this.Entries(top, "at the top level", []);
        var name = string.Empty;
        IReadOnlyList<string> inputs = [];
        var cache = false;
        MappingNode? stepsNode = null;
        foreach (var (key, value) in entries)
        {
            this.map.Add(key.Line, key.Column, key.Value);
            switch (key.Value)
            {
                case "$schema":
                    break;
                case "name":
                    name = this.ScalarText(value, "the graph's name:", "write the graph's name as a string, e.g. name: build", ["name"]) ?? string.Empty;
                    break;
                case "inputs":
                    inputs = this.NameList(value, "inputs:", "inputs: [source]", ["inputs"]);
                    break;
                case "remotes":
                    this.ReadRemotes(value);
                    break;
                case "cache":
                    cache = this.ReadBool(value, "cache: at the top level", ["cache"]) ?? false;
                    break;
                case "steps":
                    if (value is MappingNode m)
                    {
                        stepsNode = m;
                    }
                    else if (value is not ScalarNode { IsNull: true })
                    {
                        this.Report(
                            $"steps: is {value.Describe()}; it must be a map from each step's name to the step, e.g. steps: {{ build: {{ run: make }} }}",
                            value,
                            "steps");
                    }

                    break;
                default:
                    this.Report(
                        $"unknown key '{key.Value}' at the top level{GraphNames.DidYouMean(key.Value, TopKeys)}; the top level allows {string.Join(", ", TopKeys.Skip(1))}",
                        key,
                        key.Value);
                    break;
            }
        }

        var steps = new List<StepDefinition>();
        if (stepsNode is not null)
        {
            foreach (var (key, value) in this.Entries(stepsNode, "under steps:", ["steps"]))
            {
                this.map.Add(key.Line, key.Column, "steps", key.Value);
                steps.Add(this.ReadStep(key.Value, value, cache));
            }
        }

        this.CheckUnusedRemotes();
        return new GraphDefinition { Name = name, Inputs = inputs, Steps = steps };
    }

    /// <summary>Gets a map's entries, first of each key only, reporting the duplicates.</summary>
    private List<(ScalarNode Key, GraphNode Value)> Entries(MappingNode node, string where, string[] path)
    {
        var seen = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
        var result = new List<(ScalarNode, GraphNode)>();
        foreach (var (key, value) in node.Entries)
        {
            if (seen.TryGetValue(key.Value, out var first))
            {
                this.Report(
                    $"duplicate key '{key.Value}' {where} (first at line {first.Line}); a key may appear only once in a map — merge the two or remove one",
                    key,
                    [.. path, key.Value]);
                continue;
            }

            seen.Add(key.Value, key);
            result.Add((key, value));
        }

        return result;
    }

    /// <summary>Gets a scalar's text; reports and returns <see langword="null"/> for anything else.</summary>
    private string? ScalarText(GraphNode node, string what, string fix, string[] path)
    {
        if (node is ScalarNode { IsNull: false } scalar)
        {
            return scalar.Value;
        }

        this.Report($"{what} is {node.Describe()}; {fix}", node, path);
        return null;
    }

    /// <summary>Reads a list of names (inputs, consumes), recording each item's line.</summary>
    private List<string> NameList(GraphNode node, string what, string example, string[] path)
    {
        var names = new List<string>();
        switch (node)
        {
            case ScalarNode { IsNull: true }:
                break;
            case SequenceNode list:
                foreach (var item in list.Items)
                {
                    if (item is ScalarNode { IsNull: false } scalar)
                    {
                        this.map.Add(item.Line, item.Column, [.. path, scalar.Value]);
                        names.Add(scalar.Value);
                    }
                    else
                    {
                        this.Report($"an item of {what} is {item.Describe()}; every item must be a product name", item, path);
                    }
                }

                break;
            default:
                this.Report($"{what} is {node.Describe()}; it must be a list of product names, e.g. {example}", node, path);
                break;
        }

        return names;
    }

    private void Report(string message, GraphNode node, params string[] path)
    {
        this.problems.Add(message, node);
        this.map.MarkReported(path);
    }
}
