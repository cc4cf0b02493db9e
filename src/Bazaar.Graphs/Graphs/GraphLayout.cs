using System.Security.Cryptography;
using System.Text;

namespace Bazaar.Graphs;

/// <summary>
/// Where the web UI draws each step of a graph, computed once per graph on the server: steps are
/// placed in columns by topological layer (a step's layer is one more than its deepest producer's)
/// and ordered within a layer by barycentre sweeps, which put a step near the steps it is joined to
/// and so cut edge crossings. A layer wider than <see cref="MaxColumnHeight"/> steps (a large fan-out)
/// is folded into several columns side by side, so it stays a block to read rather than a line
/// thousands of boxes tall. Everything is a flat array indexed by the step's position in
/// <see cref="Steps"/> (the graph's declared order), so it travels compactly and the page indexes it
/// without building objects.
/// </summary>
public sealed class GraphLayout
{
    /// <summary>The most steps one column holds; a wider layer folds into more columns.</summary>
    public const int MaxColumnHeight = 100;

    // Down-and-up sweeps: past four the order hardly changes on real graphs, and each costs O(E + N log N).
    private const int Sweeps = 4;

    private GraphLayout(string key, IReadOnlyList<string> steps, int[] layer, int[] column, int[] row, int[] edges, int columns, int rows)
    {
        this.Key = key;
        this.Steps = steps;
        this.Layer = layer;
        this.Column = column;
        this.Row = row;
        this.Edges = edges;
        this.Columns = columns;
        this.Rows = rows;
    }

    /// <summary>Gets the graph's structural fingerprint (<see cref="KeyOf"/>): equal for graphs laid out the same.</summary>
    public string Key { get; }

    /// <summary>Gets the steps' names in the graph's declared order; every other array is indexed like it.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>Gets each step's topological layer, from 0 for a step that consumes nothing a step makes.</summary>
    public IReadOnlyList<int> Layer { get; }

    /// <summary>Gets each step's column, from 0 at the left; layers come in order, a folded layer taking several.</summary>
    public IReadOnlyList<int> Column { get; }

    /// <summary>Gets each step's row in its column, from 0 at the top; a short column is centred.</summary>
    public IReadOnlyList<int> Row { get; }

    /// <summary>Gets the edges as pairs of step indices, producer then consumer, each pair once.</summary>
    public IReadOnlyList<int> Edges { get; }

    /// <summary>Gets the number of columns.</summary>
    public int Columns { get; }

    /// <summary>Gets the number of rows of the tallest column.</summary>
    public int Rows { get; }

    /// <summary>
    /// Gets a fingerprint of what a layout depends on: the steps' names and what each consumes and produces,
    /// so two runs of one graph share a cached layout and a changed graph does not.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <returns>Lower-case hex, 32 characters.</returns>
    public static string KeyOf(GraphDefinition graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var step in graph.Steps)
        {
            // Names are 1-64 of a restricted set, so these separators cannot occur inside one.
            hash.AppendData(Encoding.UTF8.GetBytes(step.Name + "<" + string.Join(',', step.Consumes) + ">" + string.Join(',', step.Produces.Select(p => p.Name)) + ";"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    /// <summary>Lays a graph out.</summary>
    /// <param name="graph">The graph; a cycle (which validation refuses) does not stop it: the steps on one go in a last layer.</param>
    /// <returns>The layout.</returns>
    public static GraphLayout Compute(GraphDefinition graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.Steps.Count;
        var (preds, succs, edges) = Adjacency(graph);
        var layer = Layers(n, preds, succs);
        var layers = Enumerable.Range(0, layer.Length == 0 ? 0 : layer.Max() + 1).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < n; i++)
        {
            layers[layer[i]].Add(i);
        }

        Order(layers, preds, succs, n);
        var (column, row, columns, rows) = Place(layers, n);
        return new GraphLayout(KeyOf(graph), [.. graph.Steps.Select(s => s.Name)], layer, column, row, edges, columns, rows);
    }

    private static (int[][] Preds, int[][] Succs, int[] Edges) Adjacency(GraphDefinition graph)
    {
        var n = graph.Steps.Count;
        var producers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            foreach (var product in graph.Steps[i].Produces)
            {
                if (!producers.TryGetValue(product.Name, out var list))
                {
                    producers[product.Name] = list = [];
                }

                list.Add(i);
            }
        }

        var seen = new HashSet<long>();
        var edges = new List<int>();
        var preds = new List<int>[n];
        var succs = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            preds[i] = [];
            succs[i] = [];
        }

        for (var to = 0; to < n; to++)
        {
            foreach (var consumed in graph.Steps[to].Consumes)
            {
                foreach (var from in producers.GetValueOrDefault(consumed) ?? [])
                {
                    if (from != to && seen.Add(((long)from << 32) | (uint)to))
                    {
                        edges.Add(from);
                        edges.Add(to);
                        preds[to].Add(from);
                        succs[from].Add(to);
                    }
                }
            }
        }

        return ([.. preds.Select(p => p.ToArray())], [.. succs.Select(s => s.ToArray())], [.. edges]);
    }

    // Longest path from the sources, in Kahn's order; steps left over sit on a cycle and go last.
    private static int[] Layers(int n, int[][] preds, int[][] succs)
    {
        var layer = new int[n];
        var waiting = preds.Select(p => p.Length).ToArray();
        var queue = new Queue<int>(Enumerable.Range(0, n).Where(i => waiting[i] == 0));
        var placed = 0;
        while (queue.TryDequeue(out var i))
        {
            placed++;
            foreach (var next in succs[i])
            {
                layer[next] = Math.Max(layer[next], layer[i] + 1);
                if (--waiting[next] == 0)
                {
                    queue.Enqueue(next);
                }
            }
        }

        if (placed < n)
        {
            var last = n == 0 ? 0 : layer.Max() + 1;
            for (var i = 0; i < n; i++)
            {
                if (waiting[i] > 0)
                {
                    layer[i] = last;
                }
            }
        }

        return layer;
    }

    // Barycentre ordering: each step moves to the mean position of its neighbours in the layers
    // already ordered in this sweep (positions normalised to 0..1, so an edge skipping layers counts
    // the same as a short one); a step with none keeps its place. Sorting is stable, ties keep the
    // declared order, so the same graph always gets the same picture.
    private static void Order(List<int>[] layers, int[][] preds, int[][] succs, int n)
    {
        var position = new double[n];
        foreach (var layer in layers)
        {
            Normalise(layer, position);
        }

        var keys = new double[n];
        for (var sweep = 0; sweep < Sweeps; sweep++)
        {
            var down = sweep % 2 == 0;
            var neighbours = down ? preds : succs;
            for (var k = 0; k < layers.Length; k++)
            {
                var layer = layers[down ? k : layers.Length - 1 - k];
                foreach (var i in layer)
                {
                    var links = neighbours[i];
                    if (links.Length == 0)
                    {
                        keys[i] = position[i];
                        continue;
                    }

                    var sum = 0.0;
                    foreach (var j in links)
                    {
                        sum += position[j];
                    }

                    keys[i] = sum / links.Length;
                }

                // Ties go by the current position, unique in a layer: a total order, so the unstable sort is deterministic.
                layer.Sort((a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : position[a].CompareTo(position[b]));
                Normalise(layer, position);
            }
        }
    }

    private static void Normalise(List<int> layer, double[] position)
    {
        for (var p = 0; p < layer.Count; p++)
        {
            position[layer[p]] = layer.Count == 1 ? 0.5 : (double)p / (layer.Count - 1);
        }
    }

    private static (int[] Column, int[] Row, int Columns, int Rows) Place(List<int>[] layers, int n)
    {
        var column = new int[n];
        var row = new int[n];
        var heights = layers.Select(l => l.Count == 0 ? 0 : (int)Math.Ceiling(l.Count / Math.Ceiling(l.Count / (double)MaxColumnHeight))).ToArray();
        var rows = heights.Length == 0 ? 0 : heights.Max();
        var x = 0;
        for (var k = 0; k < layers.Length; k++)
        {
            var layer = layers[k];
            if (layer.Count == 0)
            {
                continue;
            }

            var height = heights[k];
            var folds = (layer.Count + height - 1) / height;
            for (var p = 0; p < layer.Count; p++)
            {
                // Folded column-major, so neighbours in the order stay neighbours on screen.
                var fold = p / height;
                var inFold = fold == folds - 1 ? layer.Count - (fold * height) : height;
                column[layer[p]] = x + fold;
                row[layer[p]] = ((rows - inFold) / 2) + (p % height);
            }

            x += folds;
        }

        return (column, row, x, rows);
    }
}
