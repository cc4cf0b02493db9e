using Microsoft.DurableTask;

namespace Bazaar.Orchestration;

/// <summary>
/// Durable timers that never fire before their time. DurableTask.AzureStorage sends a timer as a control-queue
/// message made visible <c>fireAt - now</c> later, and a queue takes that delay in whole seconds
/// (<c>visibilitytimeout</c>), dropping the fraction: a timer fires up to a second early, and one due in less than
/// a second fires at once — a one-second reconciliation check was seen running every ~40 ms, and a retry's
/// one-second backoff not waiting at all. Asking for one second more makes every timer fire at or after its time,
/// at most a second late. Orchestration code creates its timers here; the analyzer refuses
/// <c>TaskOrchestrationContext.CreateTimer</c> anywhere else.
/// </summary>
internal static class DurableTimers
{
    /// <summary>The queue's resolution: what a timer's delay may lose.</summary>
    public static readonly TimeSpan QueueResolution = TimeSpan.FromSeconds(1);

    /// <summary>Waits on a durable timer that fires no earlier than <paramref name="fireAt"/>.</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="fireAt">The earliest time it may fire, UTC.</param>
    /// <param name="cancellationToken">Cancels the wait; the task is then cancelled.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    public static Task WaitUntil(this TaskOrchestrationContext context, DateTime fireAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
#pragma warning disable RS0030 // The one place a timer is made: with the queue's resolution added.
        return context.CreateTimer(fireAt + QueueResolution, cancellationToken);
#pragma warning restore RS0030
    }

    /// <summary>Waits on a durable timer that fires no sooner than <paramref name="delay"/> from the orchestration's now.</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="delay">The least wait.</param>
    /// <param name="cancellationToken">Cancels the wait; the task is then cancelled.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    public static Task WaitFor(this TaskOrchestrationContext context, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WaitUntil(context.CurrentUtcDateTime + delay, cancellationToken);
    }
}
