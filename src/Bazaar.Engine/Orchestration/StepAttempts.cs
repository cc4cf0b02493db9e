using Bazaar.Graphs;
using Bazaar.Products;
using Microsoft.DurableTask;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Orchestration;

/// <summary>
/// A step's attempts inside an orchestration: each an <c>ExecuteStep</c> activity behind a durable
/// timeout backstop, tried again as the step's <see cref="Graphs.RetryPolicy"/> decides from the failure's
/// <see cref="FailureKind"/> — a misconfiguration never — with a doubling backoff on durable timers.
/// </summary>
internal static class StepAttempts
{
    /// <summary>Runs the step until it succeeds, fails for good, or its attempts are used up.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <param name="first">The first attempt's request; later attempts differ only in <see cref="ExecuteStepRequest.Attempt"/>.</param>
    /// <param name="cancelled">Ends a wait between attempts when the run is cancelled.</param>
    /// <returns>The last attempt's result, with a note on the tries when there was more than one.</returns>
    public static async Task<StepResult> RunAsync(TaskOrchestrationContext context, ExecuteStepRequest first, CancellationToken cancelled)
    {
        var step = first.Step;
        var attempts = Math.Max(1, step.Retry?.Attempts ?? 1);
        for (var attempt = 1; ; attempt++)
        {
            var result = await ExecuteOnceAsync(context, first with { Attempt = attempt });
            var kind = KindOf(result);
            var retry = result.State == StepState.Failed && attempt < attempts && !cancelled.IsCancellationRequested && step.Retry!.Retries(kind);
            if (!retry)
            {
                return attempt > 1 || (result.State == StepState.Failed && kind == FailureKind.Misconfigured && attempts > 1)
                    ? result with { Behavior = result.Behavior ?? "retry", Note = Tries(result, kind, attempt, attempts) }
                    : result;
            }

            var backoff = step.Retry!.Backoff * Math.Pow(2, attempt - 1);
            if (backoff > TimeSpan.Zero)
            {
                try
                {
                    await context.CreateTimer(backoff, cancelled);
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

    /// <summary>
    /// One attempt as an activity. With a timeout, a durable timer at the timeout plus
    /// <see cref="RunOptions.TimeoutGrace"/> backs up the remote's own enforcement and the
    /// activity's (which cancels the remote at the same moment): if the activity has not reported
    /// by then — its host hung or died — the attempt fails without it.
    /// </summary>
    private static async Task<StepResult> ExecuteOnceAsync(TaskOrchestrationContext context, ExecuteStepRequest request)
    {
        var step = request.Step;
        var activity = CallActivityAsync(context, request);
        if (step.Timeout is not { } timeout)
        {
            return await activity;
        }

        using var stopTimer = new CancellationTokenSource();
        var deadline = timeout + request.TimeoutGrace;
        var backstop = context.CreateTimer(deadline, stopTimer.Token);
        if (await Task.WhenAny(activity, backstop) == activity)
        {
            stopTimer.Cancel();
            return await activity;
        }

        return new StepResult
        {
            Step = step.Name,
            State = StepState.Failed,
            Remote = step.Remote.Type,
            Attempts = request.Attempt,
            Failure = FailureKind.TimedOut,
            Behavior = Backstop.Behavior,
            Error = Backstop.Message(step, request.TimeoutGrace) + " The run stopped waiting for it; the work may still be running there.",
        };
    }

    private static async Task<StepResult> CallActivityAsync(TaskOrchestrationContext context, ExecuteStepRequest request)
    {
        var (step, attempt) = (request.Step, request.Attempt);
        try
        {
            return await context.CallActivityAsync<StepResult>(BazaarTasks.ExecuteStep, request);
        }
        catch (TaskFailedException ex)
        {
            // The activity reports step failures as results; an exception here means the host
            // itself could not run it (a crash, a storage outage), which is worth another try.
            return HistoryText.ForHistory(new StepResult
            {
                Step = step.Name,
                State = StepState.Failed,
                Remote = step.Remote.Type,
                Attempts = attempt,
                Failure = FailureKind.Infrastructure,
                Error = $"step '{step.Name}' could not be run by the host: {ex.FailureDetails?.ErrorMessage ?? ex.Message}",
            });
        }
    }

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
