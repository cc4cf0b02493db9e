namespace Bazaar.Graphs;

/// <content>Finding cycles between steps.</content>
internal sealed partial class GraphValidation
{
    // A graph with more cycles than this has one mistake repeated; more lines would bury it.
    private const int MaxCyclesReported = 20;

    private void CheckCycles()
    {
        // Edges run producer -> consumer, in declaration order, so the cycles found and the way
        // each is spelled out are the same on every run. The DFS is iterative: a graph built in
        // code may be a chain far longer than the stack is deep.
        var steps = graph.Steps;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            index.TryAdd(steps[i].Name, i);
        }

        var edges = new List<(int To, string Product)>[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            edges[i] = [];
        }

        for (var consumer = 0; consumer < steps.Count; consumer++)
        {
            foreach (var product in steps[consumer].Consumes.Distinct(StringComparer.Ordinal))
            {
                if (!this.producers.TryGetValue(product, out var makers))
                {
                    continue;
                }

                foreach (var maker in makers)
                {
                    var from = index[maker.Name];
                    if (from != consumer && !edges[from].Any(e => e.To == consumer))
                    {
                        edges[from].Add((consumer, product));
                    }
                }
            }
        }

        var state = new byte[steps.Count]; // 0 unvisited, 1 on the path, 2 done
        var path = new List<(int Step, int NextEdge)>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var root = 0; root < steps.Count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            path.Add((root, 0));
            state[root] = 1;
            while (path.Count > 0)
            {
                var (at, next) = path[^1];
                if (next == edges[at].Count)
                {
                    state[at] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                path[^1] = (at, next + 1);
                var to = edges[at][next].To;
                if (state[to] == 0)
                {
                    state[to] = 1;
                    path.Add((to, 0));
                }
                else if (state[to] == 1)
                {
                    var start = path.FindIndex(p => p.Step == to);
                    var cycle = path.Skip(start).Select(p => p.Step).ToList();
                    if (!this.ReportCycle(cycle, edges, reported))
                    {
                        return;
                    }
                }
            }
        }
    }

    /// <summary>Reports a cycle unless already reported; false once the cap is reached.</summary>
    private bool ReportCycle(List<int> cycle, List<(int To, string Product)>[] edges, HashSet<string> reported)
    {
        // Start at the step declared first, so one cycle found from two places reads the same.
        var first = cycle.IndexOf(cycle.Min());
        cycle = [.. cycle.Skip(first), .. cycle.Take(first)];
        if (!reported.Add(string.Join(',', cycle)))
        {
            return true;
        }

        if (reported.Count > MaxCyclesReported)
        {
            this.Report($"the graph has more than {MaxCyclesReported} cycles between steps; the first {MaxCyclesReported} are listed — fix those and check again");
            return false;
        }

        var steps = graph.Steps;
        var names = cycle.Select(i => steps[i].Name).Append(steps[cycle[0]].Name);
        var links = cycle.Select((from, k) =>
        {
            var to = cycle[(k + 1) % cycle.Count];
            var product = edges[from].First(e => e.To == to).Product;
            return $"'{steps[to].Name}' consumes '{product}' from '{steps[from].Name}'";
        });
        var closing = cycle[^1];
        var closingProduct = edges[closing].First(e => e.To == cycle[0]).Product;
        this.Report(
            $"steps form a cycle: {string.Join(" -> ", names)} ({string.Join(", ", links)}); none of them can ever start — remove one of these consumes",
            "steps",
            steps[cycle[0]].Name,
            "consumes",
            closingProduct);
        return true;
    }
}
