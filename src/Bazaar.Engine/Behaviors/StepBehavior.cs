namespace Bazaar.Behaviors;

/// <summary>
/// One behaviour around a step's run, as <see cref="StepPipeline.Behaviors"/> lists it: its name (the
/// one a step's record names in <c>behavior</c>), what it does in words, and its two halves. The
/// orchestration half runs in orchestrator code (deterministic: no I/O, no clock but the context's);
/// the activity half runs inside the attempt's activity, where storage and the remote are. A behaviour
/// has one half or both.
/// </summary>
/// <param name="Name">The behaviour's name.</param>
/// <param name="Summary">What it does, in one sentence.</param>
internal sealed record StepBehavior(string Name, string Summary)
{
    /// <summary>Gets the half that runs in the orchestration around each step, or <see langword="null"/>.</summary>
    public IStepBehavior? InOrchestration { get; init; }

    /// <summary>Gets how the half that runs inside each attempt's activity is made from the activity's services, or <see langword="null"/>.</summary>
    public Func<AttemptServices, IAttemptBehavior>? InActivity { get; init; }
}
