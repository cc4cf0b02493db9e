using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>
/// The run's custom status: small for any graph size (the Azure Storage backend caps it near
/// 16 KB). Per-step detail lives in step records.
/// </summary>
public sealed record RunStatus
{
    /// <summary>The most running steps named in a status.</summary>
    public const int MaxRunningListed = 20;

    /// <summary>Gets the number of steps in the graph.</summary>
    public required int Total { get; init; }

    /// <summary>Gets why the run was cancelled, once it was; <see langword="null"/> otherwise.</summary>
    public string? Cancelled { get; init; }

    /// <summary>Gets the graph's name, so a list of runs can show it without reading each run's input.</summary>
    public string? Graph { get; init; }

    /// <summary>Gets how many steps are in each state.</summary>
    public required IReadOnlyDictionary<StepState, int> Counts { get; init; }

    /// <summary>Gets up to <see cref="MaxRunningListed"/> running steps.</summary>
    public required IReadOnlyList<string> Running { get; init; }
}
