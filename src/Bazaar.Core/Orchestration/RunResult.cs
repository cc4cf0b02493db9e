namespace Bazaar.Orchestration;

/// <summary>The output of the <c>RunGraph</c> orchestration: how every step ended.</summary>
public sealed record RunResult
{
    /// <summary>Gets the run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the graph's name.</summary>
    public required string Graph { get; init; }

    /// <summary>Gets a value indicating whether every step succeeded (or was cached).</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Gets why the run was cancelled, or <see langword="null"/> when it was not.</summary>
    public string? Cancelled { get; init; }

    /// <summary>Gets when the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the run ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Gets each step's result, in the graph's order.</summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }
}
