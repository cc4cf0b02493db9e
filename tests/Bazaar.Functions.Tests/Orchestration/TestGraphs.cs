using Bazaar.Graphs;

namespace Bazaar.Functions.Tests.Orchestration;

/// <summary>Graphs for the orchestration entry points, read the way a submitted graph is.</summary>
internal static class TestGraphs
{
    /// <summary>One step with no <c>run</c>: it only makes its marker product exist.</summary>
    public static GraphDefinition Marker { get; } = GraphFile.Parse(
        """
        name: marker
        steps:
          mark:
            produces: { done: }
        """,
        "marker.yaml",
        new HashSet<string>(StringComparer.Ordinal) { "process" });
}
