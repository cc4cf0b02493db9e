using Bazaar.CallHome;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Microsoft.DurableTask;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Behaviors;

/// <summary>
/// The orchestration's wait for a call-home attempt the <c>ExecuteStep</c> activity submitted, at zero
/// compute: the attempt's <c>done</c> event (named for its step and attempt, so a late call cannot end a
/// retry), raced against a durable timer at the attempt's deadline, the run's cancel, and a slow check
/// (<see cref="ExecuteStepRequest.CallHomeCheck"/>) that asks the remote whether the job died without
/// calling; a remote that keeps the job's answer (<see cref="IAnsweringCallHomeRemote"/>: a function's status URL)
/// is polled that way, as often as its <c>Retry-After</c> asks, until it says the answer is there. However it ends, the activity is called once more to end the attempt: it cross-checks a
/// call with the service, collects the outputs, cancels a job still running and deletes it.
/// </summary>
internal static class CallHomeAttempt
{
    /// <summary>How long a call-home attempt of a step without a timeout may run.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromHours(24);

    /// <summary>
    /// Gets the attempt's deadline: the request's (from the step's timeout) or, for a step without one,
    /// <see cref="DefaultLimit"/> after its submission. The activity and the orchestration both use it.
    /// </summary>
    /// <param name="request">The attempt.</param>
    /// <param name="running">Its running record, with when it started.</param>
    /// <returns>The deadline.</returns>
    public static DateTimeOffset Deadline(ExecuteStepRequest request, StepResult running) =>
        request.Deadline ?? (running.StartedAt ?? DateTimeOffset.UnixEpoch) + DefaultLimit;

    /// <summary>Waits for the submitted attempt to call home (or not) and has the activity end it.</summary>
    /// <param name="step">The dispatch.</param>
    /// <param name="submitted">The running record the activity returned, naming the job.</param>
    /// <returns>The attempt's result.</returns>
    public static async Task<StepResult> WaitAsync(StepDispatch step, StepResult submitted)
    {
        var (context, request) = (step.Context, step.Request);
        var name = request.Step.Name;
        var job = submitted.Job!;
        var deadline = Deadline(request, submitted);
        using var stopWaiting = new CancellationTokenSource();
        var done = context.WaitForExternalEvent<CallHomeDone>(CallHomeEvents.Name(name, request.Attempt, CallHomeEvents.Done), stopWaiting.Token);
        var started = context.WaitForExternalEvent<CallHomeStarted>(CallHomeEvents.Name(name, request.Attempt, CallHomeEvents.Started), stopWaiting.Token);
        CallHomeEnd end;
        CallHomeJobStatus? endedUncalled = null;

        // A service that keeps the answer (a function's status URL) says when to ask next, by Retry-After.
        var interval = submitted.NextCheck ?? request.CallHomeCheck;
        while (true)
        {
            var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
            if (now >= deadline)
            {
                end = new CallHomeEnd { Job = job, Ending = CallHomeEnding.TimedOut };
                break;
            }

            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(step.RunCancelled);
            var check = now + interval < deadline ? now + interval : deadline;
            var timer = context.WaitUntil(check.UtcDateTime, stopTimer.Token);
            var waits = started.IsCompleted ? new Task[] { done, timer } : [done, timer, started];
            var first = await Task.WhenAny(waits);
            if (first == started)
            {
                // Noted; the wait goes on (a fresh timer for the same check time is harmless).
                stopTimer.Cancel();
                continue;
            }

            if (first == done)
            {
                stopTimer.Cancel();
                var call = await done;
                end = new CallHomeEnd { Job = job, Ending = CallHomeEnding.Called, Response = call.Response, LogTail = call.LogTail };
                break;
            }

            if (timer.IsCanceled || step.RunCancelled.IsCancellationRequested)
            {
                end = new CallHomeEnd { Job = job, Ending = CallHomeEnding.Cancelled };
                break;
            }

            if (new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero) >= deadline)
            {
                continue;
            }

            var status = await DescribeAsync(context, request, job);
            interval = status.NextCheck ?? request.CallHomeCheck;
            if (status.State == CallHomeJobState.Answered)
            {
                end = new CallHomeEnd { Job = job, Ending = CallHomeEnding.Answered, Status = status };
                break;
            }

            if (status.State is CallHomeJobState.Ended or CallHomeJobState.Gone)
            {
                // Ended without a call: one more check's time for a call already on its way, then it died.
                if (endedUncalled is not null)
                {
                    end = new CallHomeEnd { Job = job, Ending = CallHomeEnding.Died, Status = status };
                    break;
                }

                endedUncalled = status;
            }
        }

        stopWaiting.Cancel();
        var ending = request with { End = end with { StartedAt = submitted.StartedAt } };
        return await context.CallActivityAsync<StepResult>(BazaarTasks.ExecuteStep, ending);
    }

    private static async Task<CallHomeJobStatus> DescribeAsync(TaskOrchestrationContext context, ExecuteStepRequest request, string job)
    {
        try
        {
            return await context.CallActivityAsync<CallHomeJobStatus>(BazaarTasks.DescribeCallHomeJob, new CallHomeJobRequest(request.RunId, request.Step, job));
        }
        catch (TaskFailedException)
        {
            // The host could not ask: the job is not known to be dead.
            return new CallHomeJobStatus(CallHomeJobState.Running);
        }
    }
}
