using System.Diagnostics;
using Bazaar.Testing;
using StepLines = Bazaar.Testing.Graphs;

namespace Bazaar.Graphs.Tests.Graphs;

public sealed class GraphLayoutTests
{
    [Fact]
    public void Compute_Chain_OneColumnPerLayerInOrder()
    {
        var layout = GraphLayout.Compute(StepLines.Parse("c: q -> r", "a: -> p", "b: p -> q"));

        Assert.Equal(["c", "a", "b"], layout.Steps);
        Assert.Equal([2, 0, 1], layout.Layer);
        Assert.Equal([2, 0, 1], layout.Column);
        Assert.Equal(3, layout.Columns);
        Assert.Equal(1, layout.Rows);
        Assert.Equal([2, 0, 1, 2], layout.Edges); // b->c, a->b (by consumer), each once
    }

    [Fact]
    public void Compute_EdgeSkippingALayer_ConsumerGoesAfterItsDeepestProducer()
    {
        var layout = GraphLayout.Compute(StepLines.Parse("a: -> p", "b: p -> q", "c: p,q -> r"));

        Assert.Equal([0, 1, 2], layout.Layer);
    }

    [Fact]
    public void Compute_TwoCrossedPairs_BarycentreUncrossesThem()
    {
        // Declared so that the second layer starts crossed: x1 feeds y1 but y2 is declared first.
        var layout = GraphLayout.Compute(StepLines.Parse("x1: -> p1", "x2: -> p2", "y2: p2 -> q2", "y1: p1 -> q1"));
        int RowOf(string step) => layout.Row[layout.Steps.ToList().IndexOf(step)];

        Assert.Equal(RowOf("x1") < RowOf("x2"), RowOf("y1") < RowOf("y2"));
    }

    [Fact]
    public void Compute_FanOutWiderThanAColumn_FoldsIntoColumnsOfAtMostTheLimit()
    {
        var lines = new List<string> { "root: -> p" };
        lines.AddRange(Enumerable.Range(0, 250).Select(i => $"leaf{i}: p -> l{i}"));

        var layout = GraphLayout.Compute(StepLines.Parse([.. lines]));

        var leafColumns = Enumerable.Range(1, 250).GroupBy(i => layout.Column[i]).ToList();
        Assert.Equal(3, leafColumns.Count); // 250 steps folded into 3 columns of at most 84
        Assert.All(leafColumns, c => Assert.InRange(c.Count(), 1, GraphLayout.MaxColumnHeight));
        Assert.Equal(84, layout.Rows);
        Assert.Equal(4, layout.Columns);
        AssertNoTwoStepsShareACell(layout);
    }

    [Fact]
    public void Compute_Cycle_StillPlacesEveryStep()
    {
        var layout = GraphLayout.Compute(StepLines.Parse("a: r -> p", "b: p -> r", "c: -> s"));

        Assert.Equal(3, layout.Steps.Count);
        AssertNoTwoStepsShareACell(layout);
    }

    [Fact]
    public void KeyOf_SameStructure_SameKey_ChangedEdge_OtherKey()
    {
        var one = StepLines.Parse("a: -> p", "b: p -> q");
        var same = StepLines.Parse("a: -> p", "b: p -> q") with { Name = "renamed" };
        var other = StepLines.Parse("a: -> p", "b: -> q");

        Assert.Equal(GraphLayout.KeyOf(one), GraphLayout.KeyOf(same));
        Assert.NotEqual(GraphLayout.KeyOf(one), GraphLayout.KeyOf(other));
    }

    [Fact]
    public void Compute_TenThousandSteps_EveryEdgeGoesRightAndNoCellIsShared()
    {
        var graph = LargeGraphs.Build();
        var clock = Stopwatch.StartNew();

        var layout = GraphLayout.Compute(graph);

        clock.Stop();
        var warm = Stopwatch.StartNew();
        GraphLayout.Compute(graph);
        warm.Stop();
        Assert.Equal(10_000, layout.Steps.Count);
        Assert.InRange(layout.Edges.Count / 2, 13_000, 17_000);
        for (var e = 0; e < layout.Edges.Count; e += 2)
        {
            Assert.True(layout.Column[layout.Edges[e]] < layout.Column[layout.Edges[e + 1]], $"edge {e / 2} does not go right");
        }

        Assert.All(layout.Row, r => Assert.InRange(r, 0, GraphLayout.MaxColumnHeight - 1));
        AssertNoTwoStepsShareACell(layout);
        Assert.Equal(GraphLayout.Compute(graph with { }).Row, layout.Row); // the same picture every time
        Console.WriteLine($"GraphLayout.Compute, 10,000 steps and {layout.Edges.Count / 2} edges: {clock.ElapsedMilliseconds} ms cold, {warm.ElapsedMilliseconds} ms warm ({layout.Columns} columns, {layout.Rows} rows)");
    }

    private static void AssertNoTwoStepsShareACell(GraphLayout layout) =>
        Assert.Equal(layout.Steps.Count, Enumerable.Range(0, layout.Steps.Count).Select(i => (layout.Column[i], layout.Row[i])).Distinct().Count());
}
