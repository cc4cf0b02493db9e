using System.Globalization;
using Bazaar.Graphs;

namespace Bazaar.Scheduling;

/// <summary>
/// One piece of a large graph, run as a sub-orchestration of its own: a run of consecutive steps
/// in topological order, so every product it needs from outside comes from an earlier shard.
/// </summary>
/// <param name="Index">The shard's position, from 0; earlier shards never consume from later ones.</param>
/// <param name="Graph">The shard's steps as a graph of their own, in the order they were declared.</param>
/// <param name="DependsOn">The earlier shards that produce something this one consumes, ascending.</param>
/// <param name="Consumes">Every distinct product the shard's steps consume, made inside it or not.</param>
public sealed record GraphShard(int Index, GraphDefinition Graph, IReadOnlyList<int> DependsOn, IReadOnlyCollection<string> Consumes);

/// <summary>
/// Splits a graph too large for one orchestration into <see cref="GraphShard"/>s. Pure and
/// deterministic, so an orchestrator that replays can call it.
/// </summary>
/// <remarks>
/// An orchestration replays its whole history on every event, so its cost grows with the square of
/// the steps it calls; sharding bounds each history by the shard size. A shard starts once every
/// shard it depends on has ended, so a step may wait for the rest of its producer's shard: that is
/// the price of sharding, paid only by graphs over the shard size. Steps are cut in topological
/// order (Kahn's, declaration order among the ready), which keeps a chain's shards sequential, a
/// fan-out's independent and a lattice's layers together.
/// </remarks>
public static class GraphShards
{
    /// <summary>Splits <paramref name="graph"/> into shards of at most <paramref name="shardSize"/> steps.</summary>
    /// <param name="graph">A valid graph; steps left in a cycle (an invalid graph) go last, in declaration order.</param>
    /// <param name="shardSize">The most steps in a shard; at least 1.</param>
    /// <returns>The shards, in the order they may start.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardSize"/> is less than 1.</exception>
    public static IReadOnlyList<GraphShard> Split(GraphDefinition graph, int shardSize)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardSize, 1);

        var order = TopologicalOrder(graph.Steps);
        var shardOfProduct = new Dictionary<string, int>(StringComparer.Ordinal);
        var shards = new List<GraphShard>((order.Count + shardSize - 1) / shardSize);
        for (var start = 0; start < order.Count; start += shardSize)
        {
            var index = shards.Count;
            var steps = order.Skip(start).Take(shardSize).OrderBy(i => i).Select(i => graph.Steps[i]).ToList();
            var consumes = new HashSet<string>(steps.SelectMany(s => s.Consumes), StringComparer.Ordinal);
            var dependsOn = new SortedSet<int>();
            foreach (var product in consumes)
            {
                if (shardOfProduct.TryGetValue(product, out var producer))
                {
                    dependsOn.Add(producer);
                }
            }

            foreach (var product in steps.SelectMany(s => s.Produces))
            {
                shardOfProduct.TryAdd(product.Name, index);
            }

            shards.Add(new GraphShard(index, graph with { Steps = steps }, [.. dependsOn], consumes));
        }

        return shards;
    }

    /// <summary>
    /// The shards as a graph of their own, for a <see cref="GraphScheduler"/> to hand out in the order
    /// they may start: step <c>i</c>, named by the index, is shard <c>i</c>; it consumes the end of
    /// every shard it depends on and makes its own end. A shard may start once those shards have
    /// ended however their steps went (what did not come is the reason its steps are skipped), so the
    /// run completes each shard's step as succeeded.
    /// </summary>
    /// <param name="graph">The graph the shards were split from; its name is kept.</param>
    /// <param name="shards">The shards, as <see cref="Split"/> made them.</param>
    /// <returns>The graph of shards: no runs, no remotes, only the order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> or <paramref name="shards"/> is null.</exception>
    public static GraphDefinition ToGraph(GraphDefinition graph, IReadOnlyList<GraphShard> shards)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(shards);
        static string Name(int index) => index.ToString(CultureInfo.InvariantCulture);
        return new GraphDefinition
        {
            Name = graph.Name,
            Steps =
            [
                .. shards.Select(shard => new StepDefinition
                {
                    Name = Name(shard.Index),
                    Consumes = [.. shard.DependsOn.Select(Name)],
                    Produces = [new ProductOutput(Name(shard.Index), null)],
                }),
            ],
        };
    }

    private static List<int> TopologicalOrder(IReadOnlyList<StepDefinition> steps)
    {
        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var product in steps[i].Produces)
            {
                producers.TryAdd(product.Name, i);
            }
        }

        var waitingOn = new int[steps.Count];
        var consumers = new List<int>?[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var producer in steps[i].Consumes.Distinct(StringComparer.Ordinal).Select(p => producers.GetValueOrDefault(p, -1)).Where(p => p >= 0).Distinct())
            {
                waitingOn[i]++;
                (consumers[producer] ??= []).Add(i);
            }
        }

        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (waitingOn[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<int>(steps.Count);
        var placed = new bool[steps.Count];
        while (ready.TryDequeue(out var step, out _))
        {
            order.Add(step);
            placed[step] = true;
            foreach (var consumer in consumers[step] ?? [])
            {
                if (--waitingOn[consumer] == 0)
                {
                    ready.Enqueue(consumer, consumer);
                }
            }
        }

        order.AddRange(Enumerable.Range(0, steps.Count).Where(i => !placed[i]));
        return order;
    }
}
