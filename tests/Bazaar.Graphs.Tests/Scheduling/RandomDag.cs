using Bazaar.Graphs;

namespace Bazaar.Graphs.Tests.Scheduling;

/// <summary>
/// A random valid graph: step <c>s{i}</c> consumes only graph inputs and products of lower steps
/// (sometimes the same one twice), so it is acyclic, and each product has one producer. Also a
/// reference model of its dependencies, computed without the scheduler.
/// </summary>
internal sealed class RandomDag
{
    private readonly int[][] predecessors;
    private readonly int[][] successors;

    private RandomDag(GraphDefinition graph)
    {
        this.Graph = graph;
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Steps.Count; i++)
        {
            foreach (var output in graph.Steps[i].Produces)
            {
                producer.Add(output.Name, i);
            }
        }

        this.predecessors = [.. graph.Steps.Select(s => s.Consumes
            .Where(producer.ContainsKey)
            .Select(p => producer[p])
            .Distinct()
            .ToArray())];
        var successorLists = graph.Steps.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < this.predecessors.Length; i++)
        {
            foreach (var p in this.predecessors[i])
            {
                successorLists[p].Add(i);
            }
        }

        this.successors = [.. successorLists.Select(l => l.ToArray())];
    }

    public GraphDefinition Graph { get; }

    public IReadOnlyList<StepDefinition> Steps => this.Graph.Steps;

    public static RandomDag Create(int stepCount, int inputCount, int seed)
    {
        var random = new Random(seed);
        var inputs = Enumerable.Range(0, inputCount).Select(i => $"in{i}").ToArray();
        var pool = new List<string>(inputs);
        var steps = new StepDefinition[stepCount];
        for (var i = 0; i < stepCount; i++)
        {
            var consumes = new List<string>();
            var consumeCount = pool.Count == 0 ? 0 : random.Next(0, 5);
            for (var k = 0; k < consumeCount; k++)
            {
                // Half the picks favour recent products, for deep chains as well as wide ones.
                var recent = Math.Min(pool.Count, 8);
                consumes.Add(random.Next(2) == 0 ? pool[pool.Count - 1 - random.Next(recent)] : pool[random.Next(pool.Count)]);
            }

            if (consumes.Count > 0 && random.Next(10) == 0)
            {
                consumes.Add(consumes[random.Next(consumes.Count)]);
            }

            var produces = Enumerable.Range(0, random.Next(0, 4)).Select(k => $"s{i}p{k}").ToArray();
            pool.AddRange(produces);
            steps[i] = new StepDefinition
            {
                Name = $"s{i}",
                Consumes = consumes,
                Produces = [.. produces.Select(p => new ProductOutput(p, p))],
            };
        }

        return new RandomDag(new GraphDefinition { Name = $"random-{seed}", Inputs = inputs, Steps = steps });
    }

    /// <summary>The steps whose inputs' producers are these, by index.</summary>
    public IReadOnlyList<int> PredecessorsOf(int step) => this.predecessors[step];

    /// <summary>Kahn's algorithm over the producer relation; every step when the graph is acyclic.</summary>
    public IReadOnlyList<int> TopologicalOrder()
    {
        var inDegree = this.predecessors.Select(p => p.Length).ToArray();
        var queue = new Queue<int>(Enumerable.Range(0, inDegree.Length).Where(i => inDegree[i] == 0));
        var order = new List<int>();
        while (queue.TryDequeue(out var step))
        {
            order.Add(step);
            foreach (var next in this.successors[step])
            {
                if (--inDegree[next] == 0)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return order;
    }

    /// <summary>Every step that transitively consumes a product of one of these steps.</summary>
    public ISet<int> DependentsOf(IEnumerable<int> steps)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(steps.SelectMany(s => this.successors[s]));
        while (stack.TryPop(out var step))
        {
            if (seen.Add(step))
            {
                foreach (var next in this.successors[step])
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }
}
