using Bazaar.Graphs;

namespace Bazaar.Behaviors;

/// <summary>
/// The timeout behaviour's activity half: the remote gets the attempt's deadline (it kills the work
/// then), and if the remote has not ended by the deadline plus the grace — it does not enforce
/// timeouts, or it hangs — the activity cancels it and the attempt fails as timed out.
/// </summary>
/// <param name="clock">The clock.</param>
internal sealed class AttemptTimeoutBehavior(TimeProvider clock) : IAttemptBehavior
{
    /// <inheritdoc/>
    public async Task<AttemptOutcome> RunAsync(StepAttempt attempt, Func<StepAttempt, Task<AttemptOutcome>> next)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(next);

        // Ending a call-home attempt comes after its wait, often at or past the deadline (a job that timed
        // out): stopping, collecting and deleting the job must not be cut short by the backstop.
        if (attempt.Request.End is not null)
        {
            return await next(attempt).ConfigureAwait(false);
        }

        // A request from a run dispatched before deadlines travelled with it: the timeout counts from now.
        var deadline = attempt.Request.Deadline ?? (attempt.Request.Step.Timeout is { } timeout ? clock.GetUtcNow() + timeout : null);
        var left = deadline + attempt.Request.TimeoutGrace - clock.GetUtcNow();
        if (deadline is null || left!.Value.TotalMilliseconds >= uint.MaxValue - 1)
        {
            // No timeout, or one too long for a timer (about 49 days): nothing to back up.
            return await next(attempt).ConfigureAwait(false);
        }

        using var backstop = new CancellationTokenSource(left.Value < TimeSpan.Zero ? TimeSpan.Zero : left.Value, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(attempt.CancellationToken, backstop.Token);
        try
        {
            return await next(attempt with { Deadline = deadline, CancellationToken = either.Token }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (backstop.IsCancellationRequested && !attempt.CancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(Backstop.Failed(attempt.Record, attempt.Request, "Bazaar cancelled it."), []);
        }
    }
}
