using Bazaar.Graphs;
using Bazaar.Orchestration;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

public class GraphRendererTests
{
    private static readonly GraphDefinition Graph = GraphFile.Parse(
        """
        name: g
        inputs: [src]
        steps:
          build: { run: make, consumes: [src], produces: { bin: out/ } }
          test: { run: make test, consumes: [bin], produces: [report] }
          lint: { run: lint, consumes: [src] }
        """,
        "g.yaml",
        ProcessOnly);

    private static readonly Dictionary<string, StepState> States = new()
    {
        ["build"] = StepState.Succeeded,
        ["test"] = StepState.Failed,
    };

    [Fact]
    public void ToDot_WithStates_ColoursEachStepAndDrawsTheLegend()
    {
        var dot = GraphRenderer.ToDot(Graph, States);

        Assert.StartsWith("digraph \"g\" {", dot, StringComparison.Ordinal);
        Assert.Contains("\"step:build\" [label=\"build\", shape=box, style=filled, fillcolor=\"green\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"step:test\" [label=\"test\", shape=box, style=filled, fillcolor=\"red\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"step:lint\" [label=\"lint\", shape=box, style=filled, fillcolor=\"gray\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"product:src\" [label=\"src\", shape=ellipse, peripheries=2", dot, StringComparison.Ordinal);
        Assert.Contains("\"product:bin\" [label=\"bin\", shape=ellipse]", dot, StringComparison.Ordinal);
        Assert.Contains("\"product:src\" -> \"step:build\";", dot, StringComparison.Ordinal);
        Assert.Contains("\"step:build\" -> \"product:bin\";", dot, StringComparison.Ordinal);
        Assert.Contains("\"product:bin\" -> \"step:test\";", dot, StringComparison.Ordinal);
        Assert.Contains("subgraph \"cluster_legend\"", dot, StringComparison.Ordinal);
        foreach (var colour in new[] { "gray", "yellow", "aqua", "green", "red", "orange", "violet" })
        {
            Assert.Contains($"fillcolor=\"{colour}\"", dot, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToMermaid_WithStates_ColoursEachStepAndDrawsTheLegend()
    {
        var mermaid = GraphRenderer.ToMermaid(Graph, States);

        Assert.StartsWith("flowchart LR\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  s0[\"build\"]:::Succeeded\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  s1[\"test\"]:::Failed\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  s2[\"lint\"]:::NotStarted\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  p0(\"src\"):::input\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  p1(\"bin\"):::product\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  p0 --> s0\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  s0 --> p1\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("subgraph legend[\"Legend\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("classDef Succeeded fill:green", mermaid, StringComparison.Ordinal);
        Assert.Contains("classDef Failed fill:red", mermaid, StringComparison.Ordinal);
        Assert.Contains("classDef Running fill:aqua", mermaid, StringComparison.Ordinal);
        Assert.Contains("classDef Cached fill:violet", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDotAndToMermaid_SameGraphTwice_GiveTheSameText()
    {
        var again = GraphFile.Parse(
            "name: g\ninputs: [src]\nsteps:\n  build: { run: make, consumes: [src], produces: { bin: out/ } }\n  test: { run: make test, consumes: [bin], produces: [report] }\n  lint: { run: lint, consumes: [src] }\n",
            "g.yaml",
            ProcessOnly);
        var reordered = new Dictionary<string, StepState> { ["test"] = StepState.Failed, ["build"] = StepState.Succeeded };

        Assert.Equal(GraphRenderer.ToDot(Graph, States), GraphRenderer.ToDot(again, reordered));
        Assert.Equal(GraphRenderer.ToMermaid(Graph, States), GraphRenderer.ToMermaid(again, reordered));
    }

    [Fact]
    public void ToDot_HostileNames_AreEscaped()
    {
        var graph = new GraphDefinition
        {
            Name = "a\"b\\c",
            Steps = [new StepDefinition { Name = "x\"]; evil [", Produces = [new ProductOutput("p\nq", null)] }],
        };

        var dot = GraphRenderer.ToDot(graph);
        var mermaid = GraphRenderer.ToMermaid(graph);

        Assert.Contains("digraph \"a\\\"b\\\\c\" {", dot, StringComparison.Ordinal);
        Assert.Contains("[label=\"x\\\"]; evil [\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"product:p\\nq\"", dot, StringComparison.Ordinal);
        Assert.Contains("s0[\"x#34;#93;; evil #91;\"]", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("p\nq", mermaid, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StepState.NotStarted, "gray")]
    [InlineData(StepState.Waiting, "yellow")]
    [InlineData(StepState.Running, "aqua")]
    [InlineData(StepState.Succeeded, "green")]
    [InlineData(StepState.Failed, "red")]
    [InlineData(StepState.Skipped, "orange")]
    [InlineData(StepState.Cached, "violet")]
    public void ColourOf_EachState_IsBazaarCisColour(StepState state, string colour)
    {
        Assert.Equal(colour, GraphRenderer.ColourOf(state));
    }
}
