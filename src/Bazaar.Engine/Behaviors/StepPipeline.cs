using Bazaar.Products;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Behaviors;

/// <summary>
/// The behaviours a step's run is composed of, in one declared order — BazaarCI's <c>set_run_behavior</c>,
/// made explicit. Each wraps the ones after it: its orchestration half around theirs in the orchestrator,
/// its activity half around theirs inside each attempt's activity. <c>execute</c> is last and ends both
/// chains: in the orchestration it carries the attempt out (today, as the <c>ExecuteStep</c> activity), in
/// the activity it runs the remote. The README's "Run behaviours" lists these names in this order (a test
/// checks it).
/// </summary>
internal static class StepPipeline
{
    // Composed once, on first use: the orchestration halves hold no state, so every step shares them.
    private static Func<StepDispatch, Task<StepResult>>? inOrchestration;

    /// <summary>Gets the behaviours, outermost first.</summary>
    public static IReadOnlyList<StepBehavior> Behaviors { get; } =
    [
        new("skip-if-redundant", "a step whose products all exist in the run already (a rerun) is not run")
        {
            InOrchestration = new SkipIfRedundantBehavior(),
        },
        new("cache", "a step whose definition and input digests match a recorded success makes that success's outputs exist without running")
        {
            InActivity = services => new CacheBehavior(services),
        },
        new("retry", "a failed attempt is tried again as the step's retry: decides from the failure's kind; a misconfiguration never")
        {
            InOrchestration = new RetryBehavior(),
        },
        new("timeout", "each attempt must end by its deadline, the step's timeout counted from the moment the run dispatched the attempt")
        {
            InOrchestration = new TimeoutBehavior(),
            InActivity = services => new AttemptTimeoutBehavior(services.Clock),
        },
        new("execute", "the attempt runs on the step's remote, and what it produced is stored by digest")
        {
            InOrchestration = new ExecuteBehavior(),
            InActivity = services => new RemoteExecution(services),
        },
    ];

    /// <summary>Runs a dispatched step through the orchestration halves, in order.</summary>
    /// <param name="step">The step, its first attempt's request and what the walk knows.</param>
    /// <returns>How the step ended; completed at once when a behaviour decides without running it.</returns>
    public static Task<StepResult> DispatchAsync(StepDispatch step) =>
        (inOrchestration ??= Compose(Behaviors.Where(b => b.InOrchestration is not null).Select(b => b.InOrchestration!).ToList(), (IStepBehavior b, StepDispatch s, Func<StepDispatch, Task<StepResult>> next) => b.RunAsync(s, next)))(step);

    /// <summary>Composes the activity halves, in order, for one activity's services.</summary>
    /// <param name="services">What the halves are made from.</param>
    /// <returns>The attempt pipeline.</returns>
    public static Func<StepAttempt, Task<AttemptOutcome>> ForActivity(AttemptServices services) =>
        Compose(Behaviors.Where(b => b.InActivity is not null).Select(b => b.InActivity!(services)).ToList(), (IAttemptBehavior b, StepAttempt a, Func<StepAttempt, Task<AttemptOutcome>> next) => b.RunAsync(a, next));

    /// <summary>Folds the halves from the last to the first, each around the ones after it; <c>execute</c>'s half is last and calls nothing.</summary>
    private static Func<TIn, Task<TOut>> Compose<THalf, TIn, TOut>(IReadOnlyList<THalf> halves, Func<THalf, TIn, Func<TIn, Task<TOut>>, Task<TOut>> run)
    {
        Func<TIn, Task<TOut>> next = _ => throw new InvalidOperationException("Nothing comes after the execute behaviour: it must be the last in StepPipeline.Behaviors.");
        for (var i = halves.Count - 1; i >= 0; i--)
        {
            var (half, after) = (halves[i], next);
            next = input => run(half, input, after);
        }

        return next;
    }
}
