using Bazaar.Benchmarks.Shapes;
using Bazaar.Benchmarks.Suites;
using Bazaar.Graphs;

namespace Bazaar.Benchmarks.Tests;

public class ShapeGraphTests
{
    [Theory]
    [InlineData("FanOut")]
    [InlineData("Chain")]
    [InlineData("Lattice")]
    public void ToBazaar_AnyShape_IsAValidGraphWithTheSameEdges(string shape)
    {
        var shapeGraph = ShapeGraph.Create(Enum.Parse<Shape>(shape), 40);

        var graph = shapeGraph.ToBazaar();

        Assert.Empty(GraphValidator.Validate(graph, new HashSet<string> { "process" }));
        Assert.Equal(40, graph.Steps.Count);
        Assert.Equal(shapeGraph.Dependencies.Sum(d => d.Length), graph.Steps.Sum(s => s.Consumes.Count));
        Assert.All(graph.Steps, s => Assert.Null(s.Run));
    }

    [Fact]
    public void Create_Lattice_EachStepPastTheFirstLayerConsumesTwoOfTheLayerBefore()
    {
        var lattice = ShapeGraph.Create(Shape.Lattice, 30);

        for (var i = ShapeGraph.LatticeWidth; i < 30; i++)
        {
            Assert.Equal(2, lattice.Dependencies[i].Length);
            Assert.All(lattice.Dependencies[i], d => Assert.Equal((i / ShapeGraph.LatticeWidth) - 1, d / ShapeGraph.LatticeWidth));
        }
    }

    [Fact]
    public void CriticalPath_SleepingLattice_IsTheLongestSumOfSleepsAlongAPath()
    {
        var graph = ShapeGraph.Sleeping(layers: 2, width: 2, unitMs: 100);

        // Brute force over the two layers: the longest first-layer input of each second-layer step plus its own sleep.
        var expected = Enumerable.Range(2, 2).Max(i => graph.SleepMs[i] + graph.Dependencies[i].Max(d => graph.SleepMs[d]));

        Assert.Equal(TimeSpan.FromMilliseconds(expected), graph.CriticalPath());
        Assert.All(graph.ToBazaar().Steps, s => Assert.Equal("sleep", s.Run!.Args![0]));
    }

    [Fact]
    public void Percentile_HundredValues_PicksByRank()
    {
        var values = Enumerable.Range(1, 100).Select(v => (double)v).Reverse().ToList();

        Assert.Equal(50, LatencySuite.Percentile(values, 50));
        Assert.Equal(99, LatencySuite.Percentile(values, 99));
    }

    [Fact]
    public void Parse_SuitesSizesAndBytes_AreRead()
    {
        var options = BenchOptions.Parse(["--suites", "staging,latency", "--sizes", "100,10_000", "--file-bytes", "64KiB", "--big-bytes", "1GiB"]);

        Assert.Equal(["staging", "latency"], options.Suites);
        Assert.Equal([100, 10_000], options.Sizes);
        Assert.Equal(64 * 1024, options.FileBytes);
        Assert.Equal(1L << 30, options.BigFileBytes);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--suites", "nope"]));
    }

    [Fact]
    public void Parse_PartitionManagerAndEngineLog_AreRead()
    {
        var options = BenchOptions.Parse(["--partition-manager", "blob", "--engine-log", "engine.log"]);

        Assert.False(options.UseTablePartitionManagement);
        Assert.Equal("engine.log", options.EngineLogPath);
        Assert.True(BenchOptions.Parse(["--partition-manager", "table"]).UseTablePartitionManagement);
        Assert.Null(BenchOptions.Parse([]).UseTablePartitionManagement);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--partition-manager", "lease"]));
    }

    [Fact]
    public void Parse_Backend_IsFreshUnlessShared()
    {
        Assert.True(BenchOptions.Parse([]).FreshBackend);
        Assert.True(BenchOptions.Parse(["--backend", "fresh"]).FreshBackend);
        Assert.False(BenchOptions.Parse(["--backend", "shared"]).FreshBackend);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--backend", "reused"]));
    }
}
