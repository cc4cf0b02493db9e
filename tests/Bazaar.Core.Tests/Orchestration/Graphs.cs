using Bazaar.Graphs;

namespace Bazaar.Core.Tests.Orchestration;

/// <summary>Small graphs for orchestrator tests, written as "step: consumes -> produces".</summary>
internal static class Graphs
{
    /// <summary>Builds a graph from lines like <c>"b: p1,p2 -> p3"</c>.</summary>
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
