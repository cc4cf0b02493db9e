using Bazaar.Benchmarks.Reporting;
using Bazaar.Benchmarks.Shapes;
using Bazaar.Hosting;

namespace Bazaar.Benchmarks.Suites;

/// <summary>
/// Suite 3: a lattice of sleeping steps with a known critical path; wall time / critical path.
/// Bazaar's steps run <c>sleep</c> on the process remote; the floor's activities <c>Task.Delay</c>.
/// </summary>
internal static class CriticalPathSuite
{
    public const string Name = "critical";

    public static async Task<List<BenchRow>> RunAsync(LocalDurableHost host, BenchOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var graph = ShapeGraph.Sleeping(options.SleepLayers, options.SleepWidth, options.SleepUnitMs);
        var critical = graph.CriticalPath();
        var floor = await Runs.FloorAsync(host, graph, options.MaxParallel, stamps: false, options.RunTimeout, cancellationToken);
        var bazaar = await Runs.BazaarAsync(host, graph.ToBazaar(), options.RunOptions(options.MaxParallel), options.RunTimeout, cancellationToken);
        log($"  {graph.Name} critical path {critical.TotalSeconds:0.00} s: floor {floor.Failure ?? $"{floor.Span.TotalSeconds:0.00} s"}; bazaar {bazaar.Failure ?? $"{bazaar.Span.TotalSeconds:0.00} s"}");

        double? b = bazaar.Failure is null ? bazaar.Span / critical : null;
        double? f = floor.Failure is null ? floor.Span / critical : null;
        return
        [
            new BenchRow
            {
                Suite = Name,
                Case = $"{graph.Count} sleeping steps ({options.SleepLayers} layers × {options.SleepWidth}), critical path {critical.TotalSeconds:0.00} s",
                Metric = "wall / critical path",
                Unit = "×",
                Bazaar = b,
                Baseline = f,
                Ratio = b,
                Target = "Bazaar ≤ 1.1",
                Met = b is { } x ? x <= 1.1 : false,
                Note = $"wall: Bazaar {(bazaar.Failure ?? $"{bazaar.Span.TotalSeconds:0.00} s")}, floor {(floor.Failure ?? $"{floor.Span.TotalSeconds:0.00} s")}",
            },
        ];
    }
}
