namespace Bazaar.Benchmarks.Reporting;

/// <summary>Everything one harness run measured, with where and how it ran.</summary>
internal sealed record BenchReport
{
    public required MachineInfo Machine { get; init; }

    public required DateTimeOffset Date { get; init; }

    public required string Command { get; init; }

    public required string Settings { get; init; }

    public required IReadOnlyList<BenchRow> Rows { get; init; }
}
