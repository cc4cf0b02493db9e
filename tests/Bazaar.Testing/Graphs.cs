using Bazaar.Graphs;

namespace Bazaar.Testing;

/// <summary>
/// Small graphs for orchestrator, scheduler and API tests, written as "step: consumes -> produces".
/// Where the namespace <c>Bazaar.Graphs</c> is in scope it hides this class's name: test files
/// refer to it through an alias (<c>using StepLines = Bazaar.Testing.Graphs;</c>), or through
/// <c>using Graphs = Bazaar.Testing.Graphs;</c> written inside their namespace.
/// </summary>
public static class Graphs
{
    /// <summary>Builds a graph from lines like <c>"b: p1,p2 -> p3"</c>.</summary>
    /// <param name="lines">One line a step: its name, a colon, what it consumes, and after <c>-></c> what it produces.</param>
    /// <returns>The graph, named <c>g</c>; every step runs <c>true</c>.</returns>
    public static GraphDefinition Parse(params string[] lines) => new()
    {
        Name = "g",
        Steps = lines.Select(line =>
        {
            var name = line[..line.IndexOf(':', StringComparison.Ordinal)].Trim();
            var io = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split("->");
            return new StepDefinition
            {
                Name = name,
                Run = StepCommand.FromArgs("true"),
                Consumes = Split(io[0]),
                Produces = (io.Length > 1 ? Split(io[1]) : []).Select(p => new ProductOutput(p, null)).ToList(),
            };
        }).ToList(),
    };

    private static List<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
