using System.Text;
using Bazaar.Graphs;

namespace Bazaar.Testing;

/// <summary>
/// The web UI's scale target (issue 20): a graph of 10,000 steps and about 15,000 edges, with one large fan-out
/// (a root step feeding 2,000) and then layers of 500 steps each consuming one to three products of the layer
/// before. Steps have no <c>run:</c>, so a run of it is cheap. The same seed always gives the same graph.
/// </summary>
public static class LargeGraphs
{
    /// <summary>How many steps the root step fans out to.</summary>
    public const int FanOut = 2_000;

    /// <summary>Builds the graph.</summary>
    /// <param name="steps">How many steps, at least <see cref="FanOut"/> + 2.</param>
    /// <param name="seed">Chooses the edges.</param>
    /// <returns>The graph, named <c>large</c>.</returns>
    public static GraphDefinition Build(int steps = 10_000, int seed = 20)
    {
        var random = new Random(seed);
        var list = new List<StepDefinition> { Step("root", [], "p0") };
        var previous = new List<string>();
        for (var i = 1; i <= Math.Min(FanOut, steps - 1); i++)
        {
            list.Add(Step($"fan{i:D4}", ["p0"], $"p{i}"));
            previous.Add($"p{i}");
        }

        const int LayerWidth = 500;
        var current = new List<string>();
        for (var i = list.Count; i < steps; i++)
        {
            var picks = random.Next(3) switch { 0 => 1, 1 => 1, _ => random.Next(2) == 0 ? 2 : 3 };
            var consumes = Enumerable.Range(0, picks).Select(_ => previous[random.Next(previous.Count)]).Distinct().ToList();
            list.Add(Step($"s{i:D5}", consumes, $"p{i}"));
            current.Add($"p{i}");
            if (current.Count == LayerWidth)
            {
                previous = current;
                current = [];
            }
        }

        return new GraphDefinition { Name = "large", Steps = list };
    }

    /// <summary>Writes a graph whose steps run nothing as a graph file.</summary>
    /// <param name="graph">The graph.</param>
    /// <returns>The YAML.</returns>
    public static string ToYaml(GraphDefinition graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var text = new StringBuilder().Append("name: ").Append(graph.Name).Append("\nsteps:\n");
        foreach (var step in graph.Steps)
        {
            text.Append("  ").Append(step.Name).Append(": { consumes: [").Append(string.Join(", ", step.Consumes))
                .Append("], produces: [").Append(string.Join(", ", step.Produces.Select(p => p.Name))).Append("] }\n");
        }

        return text.ToString();
    }

    private static StepDefinition Step(string name, List<string> consumes, string produces) => new()
    {
        Name = name,
        Consumes = consumes,
        Produces = [new ProductOutput(produces, null)],
    };
}
