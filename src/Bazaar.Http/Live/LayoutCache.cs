using System.Collections.Concurrent;
using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Http;

/// <summary>
/// The UI's layouts, computed once per graph (by <see cref="GraphLayout.KeyOf"/>) and kept as the JSON the
/// layout route answers with: every run of a graph, and every tab open on it, shares one. Bounded: past
/// <see cref="Capacity"/> graphs the oldest is dropped.
/// </summary>
internal sealed class LayoutCache
{
    public const int Capacity = 64;

    private readonly ConcurrentDictionary<string, Lazy<byte[]>> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();
    private readonly ConcurrentDictionary<string, GraphDefinition> graphs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> runs = new();

    /// <summary>Gets how many layouts were computed, not found: what a test of the cache counts.</summary>
    public int Computed => this.computed;

    private int computed;

    /// <summary>Gets a run's graph read before (a run's graph never changes), or <see langword="null"/>.</summary>
    public GraphDefinition? GraphOf(string runId) => this.graphs.GetValueOrDefault(runId);

    /// <summary>Keeps a run's graph, the last <see cref="Capacity"/> runs'.</summary>
    public void Remember(string runId, GraphDefinition graph)
    {
        if (this.graphs.TryAdd(runId, graph))
        {
            this.runs.Enqueue(runId);
        }

        while (this.graphs.Count > Capacity && this.runs.TryDequeue(out var old))
        {
            this.graphs.TryRemove(old, out _);
        }
    }

    public (string Key, byte[] Json) Get(GraphDefinition graph)
    {
        var key = GraphLayout.KeyOf(graph);
        var entry = this.entries.GetOrAdd(key, k =>
        {
            this.order.Enqueue(k);
            return new Lazy<byte[]>(() => Write(graph), LazyThreadSafetyMode.ExecutionAndPublication);
        });
        while (this.entries.Count > Capacity && this.order.TryDequeue(out var old))
        {
            this.entries.TryRemove(old, out _);
        }

        return (key, entry.Value);
    }

    private byte[] Write(GraphDefinition graph)
    {
        Interlocked.Increment(ref this.computed);
        var layout = GraphLayout.Compute(graph);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("graph", graph.Name);
            json.WriteString("key", layout.Key);
            json.WriteNumber("columns", layout.Columns);
            json.WriteNumber("rows", layout.Rows);
            json.WriteStartArray("steps");
            foreach (var name in layout.Steps)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            Numbers(json, "layer", layout.Layer);
            Numbers(json, "column", layout.Column);
            Numbers(json, "row", layout.Row);
            Numbers(json, "edges", layout.Edges);
            json.WriteStartArray("states");
            foreach (var state in Enum.GetNames<StepState>())
            {
                json.WriteStringValue(state);
            }

            json.WriteEndArray();
            json.WriteStartArray("colours");
            foreach (var state in Enum.GetValues<StepState>())
            {
                json.WriteStringValue(GraphRenderer.ColourOf(state));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Numbers(Utf8JsonWriter json, string name, IReadOnlyList<int> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}
