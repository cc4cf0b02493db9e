using Bazaar.Scheduling;
using CsCheck;
using StepLines = Bazaar.Testing.Graphs;

namespace Bazaar.Graphs.Tests.Scheduling;

public class GraphShardsTests
{
    [Fact]
    public void Split_Chain_ShardsFollowEachOtherInOrder()
    {
        var graph = StepLines.Parse("a: -> p", "b: p -> q", "c: q -> r", "d: r -> s", "e: s -> t");

        var shards = GraphShards.Split(graph, 2);

        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], shards.Select(s => s.Graph.Steps.Select(x => x.Name).ToArray()));
        Assert.Equal([[], [0], [1]], shards.Select(s => s.DependsOn.ToArray()));
    }

    [Fact]
    public void Split_FanOut_ShardsAreIndependent()
    {
        var graph = StepLines.Parse("a: in -> p", "b: in -> q", "c: in -> r", "d: in -> s");

        var shards = GraphShards.Split(graph, 3);

        Assert.Equal([3, 1], shards.Select(s => s.Graph.Steps.Count));
        Assert.All(shards, s => Assert.Empty(s.DependsOn));
        Assert.All(shards, s => Assert.Equal(["in"], s.Consumes));
    }

    [Fact]
    public void Split_StepsDeclaredBeforeTheirProducers_CutInTopologicalOrderAndListedInDeclarationOrder()
    {
        var graph = StepLines.Parse("last: q -> r", "first: -> p", "middle: p -> q", "other: -> o");

        var shards = GraphShards.Split(graph, 2);

        // Kahn's order, lowest declaration index first among the ready: first, middle, other, last.
        // Each shard keeps its steps in declaration order.
        Assert.Equal([["first", "middle"], ["last", "other"]], shards.Select(s => s.Graph.Steps.Select(x => x.Name).ToArray()));
        Assert.Equal([0], shards[1].DependsOn);
    }

    [Fact]
    public void Split_Cycle_LeftoverStepsGoLast()
    {
        var graph = StepLines.Parse("x: y -> x1", "a: -> p", "y: x1 -> y");

        var shards = GraphShards.Split(graph, 1);

        Assert.Equal(["a", "x", "y"], shards.Select(s => s.Graph.Steps.Single().Name));
    }

    [Fact]
    public void Split_ShardSizeBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GraphShards.Split(StepLines.Parse("a:"), 0));

    [Fact]
    public void Split_RandomDags_EveryStepOnceAndEveryOutsideProductFromAnEarlierShardItDependsOn() =>
        Gen.Select(Gen.Int[1, 120], Gen.Int[0, 3], Gen.Int, Gen.Int[1, 20]).Sample(
            x =>
            {
                var graph = RandomDag.Create(x.Item1, x.Item2, x.Item3).Graph;

                var shards = GraphShards.Split(graph, x.Item4);

                var shardOf = shards.SelectMany(s => s.Graph.Steps.Select(step => (step.Name, s.Index))).ToDictionary(p => p.Name, p => p.Index);
                Assert.Equal(graph.Steps.Select(s => s.Name).Order(), shardOf.Keys.Order());
                Assert.All(shards, s => Assert.InRange(s.Graph.Steps.Count, 1, x.Item4));
                var producer = graph.Steps.SelectMany(s => s.Produces.Select(p => (p.Name, Step: s.Name))).ToDictionary(p => p.Name, p => p.Step);
                foreach (var shard in shards)
                {
                    var outside = shard.Consumes.Where(producer.ContainsKey).Select(p => shardOf[producer[p]]).Where(i => i != shard.Index).Distinct().Order();
                    Assert.Equal(outside, shard.DependsOn);
                    Assert.All(shard.DependsOn, d => Assert.True(d < shard.Index));
                }
            },
            iter: 200,
            threads: 1);

    [Fact]
    public void ToGraph_Lattice_SchedulerHandsOutAShardOnceEveryShardItDependsOnHasEnded()
    {
        // Shards {a,b} {c,d} {e}: c and d consume a's and b's products, e consumes d's.
        var graph = StepLines.Parse("a: -> p", "b: -> q", "c: p -> r", "d: q -> s", "e: s -> t");
        var shards = GraphShards.Split(graph, 2);
        var scheduler = new GraphScheduler(GraphShards.ToGraph(graph, shards), []);

        Assert.Equal(["0"], TestGraph.TakeAll(scheduler));
        Assert.Equal(["1"], TestGraph.Names(scheduler.Complete("0", succeeded: true)));
        Assert.Equal(["1"], TestGraph.TakeAll(scheduler));
        scheduler.Complete("1", succeeded: true);
        Assert.Equal(["2"], TestGraph.TakeAll(scheduler));
        scheduler.Complete("2", succeeded: true);
        Assert.True(scheduler.IsFinished);
        Assert.Empty(scheduler.Unreached());
    }

    [Fact]
    public void ToGraph_FanOut_EveryShardIsReadyAtOnceInIndexOrder()
    {
        var graph = StepLines.Parse([.. Enumerable.Range(0, 7).Select(i => $"s{i}: in -> p{i}")]);
        var shards = GraphShards.Split(graph, 2);

        var shardGraph = GraphShards.ToGraph(graph, shards);

        Assert.Equal(["0", "1", "2", "3"], TestGraph.TakeAll(new GraphScheduler(shardGraph, [])));
        Assert.Equal("g", shardGraph.Name);
        Assert.All(shardGraph.Steps, s => Assert.Null(s.Run));
    }

    [Fact]
    public void ToGraph_RandomDags_EachShardIsHandedOutAfterAllItDependsOnAndEveryShardOnce() =>
        Gen.Select(Gen.Int[1, 80], Gen.Int[0, 3], Gen.Int, Gen.Int[1, 10]).Sample(
            x =>
            {
                var graph = RandomDag.Create(x.Item1, x.Item2, x.Item3).Graph;
                var shards = GraphShards.Split(graph, x.Item4);
                var scheduler = new GraphScheduler(GraphShards.ToGraph(graph, shards), []);
                var ended = new List<int>();

                // End the shards one at a time, always the one taken first, as a run with one shard at a time would.
                var queue = new Queue<int>();
                while (true)
                {
                    while (scheduler.TryTakeReady(out var step))
                    {
                        queue.Enqueue(int.Parse(step.Name, System.Globalization.CultureInfo.InvariantCulture));
                    }

                    if (!queue.TryDequeue(out var shard))
                    {
                        break;
                    }

                    Assert.All(shards[shard].DependsOn, d => Assert.Contains(d, ended));
                    ended.Add(shard);
                    scheduler.Complete(shard.ToString(System.Globalization.CultureInfo.InvariantCulture), succeeded: true);
                }

                Assert.Equal(Enumerable.Range(0, shards.Count), ended.Order());
            },
            iter: 200,
            threads: 1);
}
