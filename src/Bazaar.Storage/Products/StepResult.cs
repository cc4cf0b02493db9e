using System.Text.Json.Serialization;
using Bazaar.Graphs;

namespace Bazaar.Products;

/// <summary>How a step ended in a run. Also the step record stored at <c>runs/&lt;runId&gt;/steps/&lt;step&gt;.json</c>.</summary>
public sealed record StepResult
{
    private readonly bool storedRetryable;

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

    /// <summary>
    /// Gets the job a call-home remote runs the attempt as (the service's name for it, no secret), from
    /// its submission until it is deleted.
    /// </summary>
    public string? Job { get; init; }

    /// <summary>
    /// Gets when the run first asks about <see cref="Job"/>, when its service said (a function's <c>Retry-After</c>);
    /// <see langword="null"/> for the run's usual check. Set only on the record of a submission.
    /// </summary>
    public TimeSpan? NextCheck { get; init; }

    /// <summary>Gets what went wrong, in words for a person, when the step did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Gets the run behaviour that decided how the step ended, when one did: <c>cache</c>,
    /// <c>skip-if-redundant</c>, <c>retry</c>, <c>timeout</c> or <c>timeout-backstop</c>.
    /// </summary>
    public string? Behavior { get; init; }

    /// <summary>Gets what the behaviour did, in words for a person (where cached outputs came from, how many tries).</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Gets what kind of failure ended the step's last attempt (the step failed, the remote is
    /// misconfigured, the infrastructure failed, it timed out), when it failed; the retry decided from it.
    /// <see langword="null"/> when the step did not fail, and in a record or history written before
    /// failure kinds existed, which only said <see cref="Retryable"/>.
    /// </summary>
    public FailureKind? Failure { get; init; }

    /// <summary>
    /// Gets a value indicating whether the failure was worth another try by itself: the infrastructure
    /// failed, or the step timed out. Follows <see cref="Failure"/>; stored beside it for readers of
    /// the record, and read back only from records written before failure kinds existed.
    /// </summary>
    [JsonInclude]
    public bool Retryable
    {
        get => this.Failure is { } kind ? kind.IsRetryable() : this.storedRetryable;
        private init => this.storedRetryable = value;
    }

    /// <summary>Gets the time between start and end, when the step ran.</summary>
    public TimeSpan? Duration => this.StartedAt is { } start && this.EndedAt is { } end ? end - start : null;
}
