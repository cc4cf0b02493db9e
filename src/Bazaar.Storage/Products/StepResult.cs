using Bazaar.Graphs;

namespace Bazaar.Products;

/// <summary>How a step ended in a run. Also the step record stored at <c>runs/&lt;runId&gt;/steps/&lt;step&gt;.json</c>.</summary>
public sealed record StepResult
{
    /// <summary>Gets the step's name.</summary>
    public required string Step { get; init; }

    /// <summary>Gets the step's state.</summary>
    public required StepState State { get; init; }

    /// <summary>Gets the remote type the step ran on.</summary>
    public string? Remote { get; init; }

    /// <summary>Gets how many attempts were made.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the step started, or <see langword="null"/> when it never did.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the step ended, or <see langword="null"/> when it never did.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Gets the exit code of the last attempt, when the step ran.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets the products the step made.</summary>
    public IReadOnlyList<ProductRef> Products { get; init; } = [];

    /// <summary>Gets where the last attempt's log is stored.</summary>
    public string? Log { get; init; }

    /// <summary>Gets what went wrong, in words for a person, when the step did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Gets the run behaviour that decided how the step ended, when one did: <c>cache</c>,
    /// <c>skip-if-redundant</c>, <c>retry</c>, <c>timeout</c> or <c>timeout-backstop</c>.
    /// </summary>
    public string? Behavior { get; init; }

    /// <summary>Gets what the behaviour did, in words for a person (where cached outputs came from, how many tries).</summary>
    public string? Note { get; init; }

    /// <summary>Gets a value indicating whether the remote marked the failure as worth another try (a timeout, an unreachable service).</summary>
    public bool Retryable { get; init; }

    /// <summary>Gets the time between start and end, when the step ran.</summary>
    public TimeSpan? Duration => this.StartedAt is { } start && this.EndedAt is { } end ? end - start : null;
}
