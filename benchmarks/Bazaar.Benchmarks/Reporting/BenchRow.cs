namespace Bazaar.Benchmarks.Reporting;

/// <summary>
/// One measured figure: Bazaar's value beside its baseline's (the floor orchestration or the raw
/// blob client) from the same run, their ratio, and the target it is held to.
/// </summary>
internal sealed record BenchRow
{
    public required string Suite { get; init; }

    public required string Case { get; init; }

    public required string Metric { get; init; }

    public required string Unit { get; init; }

    public double? Bazaar { get; init; }

    public double? Baseline { get; init; }

    /// <summary>Gets the ratio the target speaks of (Bazaar / baseline for throughput).</summary>
    public double? Ratio { get; init; }

    public string Target { get; init; } = string.Empty;

    /// <summary>Gets whether the target was met; <see langword="null"/> when there is none or nothing to judge.</summary>
    public bool? Met { get; init; }

    public string? Note { get; init; }
}
