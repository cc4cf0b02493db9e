namespace Bazaar.Behaviors;

/// <summary>
/// A behaviour's half that runs inside the attempt's activity: it wraps everything after it in
/// <see cref="StepPipeline.Behaviors"/> for one attempt.
/// </summary>
internal interface IAttemptBehavior
{
    /// <summary>Runs the attempt through this behaviour.</summary>
    /// <param name="attempt">The attempt.</param>
    /// <param name="next">The behaviours after this one.</param>
    /// <returns>The attempt's record and the refs of the products it staged.</returns>
    Task<AttemptOutcome> RunAsync(StepAttempt attempt, Func<StepAttempt, Task<AttemptOutcome>> next);
}
