namespace Bazaar.Hosting;

/// <summary>How a <see cref="ProcessStopper"/> stop ended.</summary>
public enum ProcessStopOutcome
{
    /// <summary>The process had already exited; nothing was sent.</summary>
    AlreadyExited,

    /// <summary>The process exited after the polite signal, within the grace period.</summary>
    Exited,

    /// <summary>The process outlived the grace period and was killed (SIGKILL).</summary>
    Killed,
}

/// <summary>
/// Stops a process as a careful supervisor does: a signal it can handle (SIGTERM or SIGINT), a
/// bounded wait for it to exit, and SIGKILL only when that wait runs out. Azurite, for one, saves
/// its stores when it is asked to stop; killed outright it loses what it wrote in its last seconds.
/// </summary>
internal static class ProcessStopper
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Stops the process <paramref name="pid"/>.</summary>
    /// <param name="pid">The process.</param>
    /// <param name="signal">The polite signal: <see cref="PosixProcesses.SigTerm"/> or <see cref="PosixProcesses.SigInt"/>.</param>
    /// <param name="grace">How long to wait for it to exit before killing it.</param>
    /// <param name="timeProvider">The clock the wait is measured on.</param>
    /// <returns>How it ended.</returns>
    public static async Task<ProcessStopOutcome> StopAsync(int pid, int signal, TimeSpan grace, TimeProvider? timeProvider = null)
    {
        timeProvider ??= TimeProvider.System;
        if (!PosixProcesses.IsAlive(pid) || !PosixProcesses.Signal(pid, signal))
        {
            return ProcessStopOutcome.AlreadyExited;
        }

        if (await ExitsWithinAsync(pid, grace, timeProvider).ConfigureAwait(false))
        {
            return ProcessStopOutcome.Exited;
        }

        PosixProcesses.Signal(pid, PosixProcesses.SigKill);
        await ExitsWithinAsync(pid, TimeSpan.FromSeconds(5), timeProvider).ConfigureAwait(false);
        return ProcessStopOutcome.Killed;
    }

    private static async Task<bool> ExitsWithinAsync(int pid, TimeSpan wait, TimeProvider timeProvider)
    {
        var started = timeProvider.GetTimestamp();
        while (PosixProcesses.IsAlive(pid))
        {
            if (timeProvider.GetElapsedTime(started) >= wait)
            {
                return false;
            }

            await Task.Delay(Poll, timeProvider).ConfigureAwait(false);
        }

        return true;
    }
}
