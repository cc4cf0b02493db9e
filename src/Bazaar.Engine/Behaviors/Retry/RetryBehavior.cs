using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Behaviors;

/// <summary>
/// Retry: a failed attempt is tried again as the step's <see cref="Graphs.RetryPolicy"/> decides from the
/// failure's <see cref="FailureKind"/> — a misconfiguration never — with a doubling backoff on durable
/// timers; each attempt runs through every behaviour after this one (its own deadline, its own activity).
/// </summary>
internal sealed class RetryBehavior : IStepBehavior
{
    /// <inheritdoc/>
    public async Task<StepResult> RunAsync(StepDispatch step, Func<StepDispatch, Task<StepResult>> next)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(next);
        var definition = step.Step;
        var attempts = Math.Max(1, definition.Retry?.Attempts ?? 1);
        for (var attempt = 1; ; attempt++)
        {
            var result = await next(step with { Request = step.Request with { Attempt = attempt } });
            var kind = KindOf(result);
            var retry = result.State == StepState.Failed && attempt < attempts && !step.RunCancelled.IsCancellationRequested && definition.Retry!.Retries(kind);
            if (!retry)
            {
                return attempt > 1 || (result.State == StepState.Failed && kind == FailureKind.Misconfigured && attempts > 1)
                    ? result with { Behavior = result.Behavior ?? "retry", Note = Tries(result, kind, attempt, attempts) }
                    : result;
            }

            var backoff = definition.Retry!.Backoff * Math.Pow(2, attempt - 1);
            if (backoff > TimeSpan.Zero)
            {
                try
                {
                    await step.Context.WaitFor(backoff, step.RunCancelled);
                }
                catch (OperationCanceledException)
                {
                    // The run was cancelled while this step waited to retry: its last failure stands.
                    return result;
                }
            }
        }
    }

    /// <summary>
    /// The failure's kind. A result in a history written before failure kinds existed has none, only
    /// <see cref="StepResult.Retryable"/>; reading that as infrastructure or the step's failure makes
    /// the same decision the run made then, so its replay stays deterministic.
    /// </summary>
    private static FailureKind KindOf(StepResult result) =>
        result.Failure ?? (result.Retryable ? FailureKind.Infrastructure : FailureKind.StepFailed);

    private static string Tries(StepResult result, FailureKind kind, int attempt, int attempts)
    {
        if (result.State != StepState.Failed)
        {
            return $"{result.State.ToString().ToLowerInvariant()} on try {attempt} of {attempts}";
        }

        var tries = attempt == 1 ? $"failed on try 1 of {attempts}" : $"failed on all {attempt} of {attempts} tries";
        return attempt == attempts ? tries
            : kind == FailureKind.Misconfigured ? tries + " (not tried again: the step is misconfigured, which no retry mends; fix what the error names)"
            : tries + " (the last failure is not retryable; retry: { on: any } retries every failure)";
    }
}
