namespace Bazaar.Orchestration;

/// <summary>How a run is carried out.</summary>
public sealed record RunOptions
{
    /// <summary>Gets what happens after a step fails.</summary>
    /// <value>Defaults to <see cref="FailurePolicy.FailFast"/>.</value>
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.FailFast;

    /// <summary>Gets the most steps in flight at once.</summary>
    /// <value>Defaults to 16.</value>
    public int MaxParallel { get; init; } = 16;
}
