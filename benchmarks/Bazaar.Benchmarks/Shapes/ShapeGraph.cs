using Bazaar.Graphs;

namespace Bazaar.Benchmarks.Shapes;

/// <summary>
/// One shape as plain dependency lists (step i waits for the steps in <see cref="Dependencies"/>[i]),
/// turned into a Bazaar graph or handed as is to the floor orchestration, so both walk the same DAG.
/// </summary>
internal sealed class ShapeGraph
{
    /// <summary>The width of a lattice layer.</summary>
    public const int LatticeWidth = 10;

    private ShapeGraph(string name, int[][] dependencies, int[] sleepMs)
    {
        this.Name = name;
        this.Dependencies = dependencies;
        this.SleepMs = sleepMs;
    }

    public string Name { get; }

    public int[][] Dependencies { get; }

    /// <summary>Gets how long each step sleeps; all zero for no-op steps.</summary>
    public int[] SleepMs { get; }

    public int Count => this.Dependencies.Length;

    public static ShapeGraph Create(Shape shape, int n) => shape switch
    {
        Shape.FanOut => new ShapeGraph($"fanout-{n}", Enumerable.Range(0, n).Select(_ => Array.Empty<int>()).ToArray(), new int[n]),
        Shape.Chain => new ShapeGraph($"chain-{n}", Enumerable.Range(0, n).Select(i => i == 0 ? [] : new[] { i - 1 }).ToArray(), new int[n]),
        Shape.Lattice => new ShapeGraph($"lattice-{n}", Enumerable.Range(0, n).Select(LatticeDependencies).ToArray(), new int[n]),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    /// <summary>
    /// A lattice of sleeping steps (layers of <paramref name="width"/>, two inputs each) whose sleep
    /// times follow a fixed pattern, so its critical path is known in advance.
    /// </summary>
    public static ShapeGraph Sleeping(int layers, int width, int unitMs)
    {
        var n = layers * width;
        var deps = Enumerable.Range(0, n).Select(i => i < width ? [] : new[] { i - width, ((i + 1) % width) + ((i / width) - 1) * width }.Distinct().ToArray()).ToArray();

        // Sleeps of 1 to 4 units in a pattern that changes from layer to layer, so the critical
        // path zig-zags and the other paths are visibly shorter.
        var sleeps = Enumerable.Range(0, n).Select(i => unitMs * (1 + ((i * 7 + (i / width) * 3) % 4))).ToArray();
        return new ShapeGraph($"sleeping-{layers}x{width}", deps, sleeps);
    }

    /// <summary>Gets the longest path through the graph, summing sleeps.</summary>
    public TimeSpan CriticalPath()
    {
        var finish = new long[this.Count];
        for (var i = 0; i < this.Count; i++)
        {
            // Dependencies always point to lower indexes in these shapes.
            finish[i] = this.SleepMs[i] + (this.Dependencies[i].Length == 0 ? 0 : this.Dependencies[i].Max(d => finish[d]));
        }

        return TimeSpan.FromMilliseconds(finish.Length == 0 ? 0 : finish.Max());
    }

    /// <summary>
    /// The same DAG as a Bazaar graph: step <c>s{i}</c> produces the marker <c>p{i}</c> and consumes
    /// the products of its dependencies. No-op steps have no <c>run</c>; sleeping steps run <c>sleep</c>.
    /// </summary>
    public GraphDefinition ToBazaar() => new()
    {
        Name = this.Name,
        Steps = Enumerable.Range(0, this.Count).Select(i => new StepDefinition
        {
            Name = $"s{i}",
            Run = this.SleepMs[i] > 0 ? StepCommand.FromArgs("sleep", (this.SleepMs[i] / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)) : null,
            Consumes = this.Dependencies[i].Select(d => $"p{d}").ToList(),
            Produces = [new ProductOutput($"p{i}", null)],
        }).ToList(),
    };

    private static int[] LatticeDependencies(int i)
    {
        if (i < LatticeWidth)
        {
            return [];
        }

        var layerStart = (i / LatticeWidth - 1) * LatticeWidth;
        var column = i % LatticeWidth;
        return [layerStart + column, layerStart + ((column + 1) % LatticeWidth)];
    }
}
