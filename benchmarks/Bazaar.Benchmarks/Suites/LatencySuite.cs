using Bazaar.Benchmarks.Reporting;
using Bazaar.Benchmarks.Shapes;
using Bazaar.Hosting;

namespace Bazaar.Benchmarks.Suites;

/// <summary>
/// Suite 2: on a chain, the time from a product existing to its consumer starting. Bazaar: the
/// product ref's creation time to the consumer's step start (both by the worker's clock). Floor: one
/// activity's end to the next one's start.
/// </summary>
internal static class LatencySuite
{
    public const string Name = "latency";

    public static async Task<List<BenchRow>> RunAsync(LocalDurableHost host, BenchOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var graph = ShapeGraph.Create(Shape.Chain, options.ChainLength);
        var floor = await Runs.FloorAsync(host, graph, 1, stamps: true, options.RunTimeout, cancellationToken);
        var bazaar = await Runs.BazaarAsync(host, graph.ToBazaar(), options.RunOptions(1), options.RunTimeout, cancellationToken);

        var floorGaps = floor.Output?.Stamps is { } stamps
            ? stamps.OrderBy(s => s.Index).Zip(stamps.OrderBy(s => s.Index).Skip(1), (a, b) => (b.StartedAt - a.EndedAt).TotalMilliseconds).ToList()
            : [];
        var bazaarGaps = bazaar.Output is { } run
            ? run.Steps.Zip(run.Steps.Skip(1), (a, b) => (b.StartedAt!.Value - a.Products[0].CreatedAt).TotalMilliseconds).ToList()
            : [];
        log($"  chain of {options.ChainLength}: floor {floor.Failure ?? Summary(floorGaps)}; bazaar {bazaar.Failure ?? Summary(bazaarGaps)}");

        var note = $"chain of {options.ChainLength:N0} no-op steps, {bazaarGaps.Count:N0} hand-offs" +
            (bazaar.Failure is null ? string.Empty : $"; Bazaar: {bazaar.Failure}") + (floor.Failure is null ? string.Empty : $"; floor: {floor.Failure}");
        double? b50 = bazaarGaps.Count > 0 ? Percentile(bazaarGaps, 50) : null;
        double? f50 = floorGaps.Count > 0 ? Percentile(floorGaps, 50) : null;
        double? b99 = bazaarGaps.Count > 0 ? Percentile(bazaarGaps, 99) : null;
        double? f99 = floorGaps.Count > 0 ? Percentile(floorGaps, 99) : null;
        return
        [
            new BenchRow
            {
                Suite = Name, Case = "chain, p50", Metric = "latency", Unit = "ms", Bazaar = b50, Baseline = f50, Ratio = b50 / f50,
                Target = "Bazaar p50 ≤ 30 ms", Met = b50 is { } x ? x <= 30 : false, Note = note,
            },
            new BenchRow
            {
                Suite = Name, Case = "chain, p99", Metric = "latency", Unit = "ms", Bazaar = b99, Baseline = f99, Ratio = b99 / f99,
                Target = "Bazaar p99 ≤ 100 ms", Met = b99 is { } y ? y <= 100 : false, Note = note,
            },
        ];
    }

    internal static double Percentile(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static string Summary(List<double> gaps) =>
        gaps.Count == 0 ? "no hand-offs" : $"p50 {Percentile(gaps, 50):0.0} ms, p99 {Percentile(gaps, 99):0.0} ms";
}
