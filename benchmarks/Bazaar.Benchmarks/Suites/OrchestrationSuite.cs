using Bazaar.Benchmarks.Reporting;
using Bazaar.Benchmarks.Shapes;
using Bazaar.Hosting;

namespace Bazaar.Benchmarks.Suites;

/// <summary>
/// Suite 1: graphs of N no-op steps in three shapes, Bazaar end to end (no-run steps: ExecuteStep,
/// step records, a marker product each) against the floor orchestration, back to back per case.
/// </summary>
internal static class OrchestrationSuite
{
    public const string Name = "orchestration";

    public static async Task<List<BenchRow>> RunAsync(BenchHost host, BenchOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        var spans = new Dictionary<(Shape Shape, int N), (TimeSpan? Bazaar, TimeSpan? Floor)>();
        foreach (var n in options.Sizes)
        {
            foreach (var shape in options.Shapes.Select(ParseShape))
            {
                if (options.Skip.Contains($"{shape}:{n}".ToUpperInvariant()))
                {
                    log($"  skipped {shape} N={n:N0} (--skip)");
                    rows.Add(new BenchRow { Suite = Name, Case = $"{shape} N={n:N0}", Metric = "throughput", Unit = "steps/s", Target = "≥ 0.9 of floor", Note = "not run (--skip)" });
                    continue;
                }

                var graph = ShapeGraph.Create(shape, n);
                var floor = await Runs.FloorAsync(await host.ForRunAsync(cancellationToken), graph, options.MaxParallel, stamps: false, options.FloorTimeout ?? options.RunTimeout, cancellationToken);
                log($"  floor  {graph.Name,-14} {Describe(floor.Span, floor.Failure, n)}");
                var bazaar = await Runs.BazaarAsync(await host.ForRunAsync(cancellationToken), graph.ToBazaar(), options.RunOptions(options.MaxParallel), options.RunTimeout, cancellationToken);
                log($"  bazaar {graph.Name,-14} {Describe(bazaar.Span, bazaar.Failure, n)}");

                double? b = bazaar.Failure is null ? n / bazaar.Span.TotalSeconds : null;
                double? f = floor.Failure is null ? n / floor.Span.TotalSeconds : null;
                var ratio = b / f;
                rows.Add(new BenchRow
                {
                    Suite = Name,
                    Case = $"{shape} N={n:N0}",
                    Metric = "throughput",
                    Unit = "steps/s",
                    Bazaar = b,
                    Baseline = f,
                    Ratio = ratio,
                    Target = "≥ 0.9 of floor",
                    Met = ratio is { } r ? r >= 0.9 : false,
                    Note = Note(bazaar.Span, bazaar.Failure, floor.Span, floor.Failure) + StepTime(bazaar.Output),
                });
                spans[(shape, n)] = (bazaar.Failure is null ? bazaar.Span : null, floor.Failure is null ? floor.Span : null);
            }
        }

        foreach (var shape in options.Shapes.Select(ParseShape))
        {
            if (spans.TryGetValue((shape, 1_000), out var small) && spans.TryGetValue((shape, 10_000), out var large))
            {
                var b = large.Bazaar / small.Bazaar;
                var f = large.Floor / small.Floor;
                rows.Add(new BenchRow
                {
                    Suite = Name,
                    Case = $"{shape} t(10,000)/t(1,000)",
                    Metric = "linearity",
                    Unit = "×",
                    Bazaar = b,
                    Baseline = f,
                    Ratio = b,
                    Target = "≤ 12",
                    Met = b is { } x ? x <= 12 : false,
                });
            }

            if (shape == Shape.FanOut && spans.TryGetValue((shape, 10_000), out var fan))
            {
                rows.Add(new BenchRow
                {
                    Suite = Name,
                    Case = "FanOut N=10,000 wall",
                    Metric = "time",
                    Unit = "s",
                    Bazaar = fan.Bazaar?.TotalSeconds,
                    Baseline = fan.Floor?.TotalSeconds,
                    Ratio = fan.Bazaar / fan.Floor,
                    Target = "≤ 120 s",
                    Met = fan.Bazaar is { } t ? t.TotalSeconds <= 120 : false,
                });
            }
        }

        return rows;
    }

    internal static Shape ParseShape(string name) => Enum.Parse<Shape>(name.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);

    private static string Describe(TimeSpan span, string? failure, int n) =>
        failure ?? $"{span.TotalSeconds,8:0.00} s  {n / span.TotalSeconds,8:0.0} steps/s";

    /// <summary>The mean time inside one ExecuteStep (its start to its end), to tell activity cost from orchestration cost.</summary>
    private static string StepTime(Bazaar.Orchestration.RunResult? run) =>
        run is null || run.Steps.Count == 0 ? string.Empty : $" (mean ExecuteStep {run.Steps.Average(s => s.Duration?.TotalMilliseconds ?? 0):0} ms)";

    private static string Note(TimeSpan bazaar, string? bazaarFailure, TimeSpan floor, string? floorFailure) =>
        $"Bazaar {(bazaarFailure ?? $"{bazaar.TotalSeconds:0.00} s")}, floor {(floorFailure ?? $"{floor.TotalSeconds:0.00} s")}";
}
