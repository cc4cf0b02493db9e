using System.ComponentModel;
using System.Diagnostics;
using Bazaar.Remotes;

namespace Bazaar.Agent.Running;

/// <summary>
/// Runs the step's command in the working folder until it exits, its deadline passes, or the agent is
/// asked to stop: then SIGTERM to it and everything below it, and SIGKILL after the grace period.
/// </summary>
/// <param name="log">Where its stdout and stderr go, line by line.</param>
/// <param name="errors">The agent's own messages (stderr).</param>
/// <param name="reapOrphans">Whether what the step left running is killed after it: in a container, what was reparented to the agent; never in a host of its own.</param>
internal sealed class StepRun(IStepLog log, TextWriter errors, bool reapOrphans = true)
{
    // A line longer than this reaches the log in pieces, so memory stays bounded whatever the step prints.
    private const int MaxLineLength = 64 << 10;

    // How long the output pipes may stay open after the command exited (a background process holding them).
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How the command ended.</summary>
    public sealed record Outcome(int ExitCode, bool TimedOut, string? Message);

    /// <summary>Runs <paramref name="argv"/> and waits for it.</summary>
    /// <param name="argv">The program and its arguments.</param>
    /// <param name="environment">Its whole environment.</param>
    /// <param name="workFolder">Its working folder.</param>
    /// <param name="stopAt">When it is stopped as timed out.</param>
    /// <param name="grace">How long it has between SIGTERM and SIGKILL.</param>
    /// <param name="signals">Signals the agent received, to pass on (SIGTERM, SIGINT).</param>
    /// <returns>Its outcome.</returns>
    public async Task<Outcome> RunAsync(
        IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string workFolder, DateTimeOffset stopAt, TimeSpan grace, AgentSignals signals)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = workFolder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            // As a shell reports it: 127 when there is no such program, 126 when it cannot be run.
            var code = ex.NativeErrorCode == 2 ? 127 : 126;
            return new Outcome(code, false, $"could not start '{argv[0]}': {ex.Message}");
        }

        process.StandardInput.Close();
        using var drain = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            OutputPump.PumpAsync(process.StandardOutput, log, MaxLineLength, drain.Token),
            OutputPump.PumpAsync(process.StandardError, log, MaxLineLength, drain.Token));

        using var stop = new Stopper(process.Id, grace, errors);
        using var deadline = new CancellationTokenSource(StepAgent.Positive(stopAt - DateTimeOffset.UtcNow));
        using var onDeadline = deadline.Token.Register(() => stop.Stop("its deadline passed", NativeMethods.SigTerm));
        using var onSignal = signals.Subscribe(signal => stop.Stop($"the agent received {(signal == NativeMethods.SigInt ? "SIGINT" : "SIGTERM")}", signal));

        await process.WaitForExitAsync().ConfigureAwait(false);
        var exitCode = process.ExitCode;
        stop.Exited();

        // What the step left running (in a container, reparented to the agent) holds no one's attention any more. In a
        // host of its own the process has other children (the host's), and orphans go to init, not here.
        if (reapOrphans)
        {
            ProcessTree.SignalDescendants(Environment.ProcessId, NativeMethods.SigKill);
        }
        if (await Task.WhenAny(pumps, Task.Delay(DrainTimeout)).ConfigureAwait(false) != pumps)
        {
            await drain.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await pumps.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await errors.WriteLineAsync("[bazaar-agent] the step's output was still open after it exited; stopped reading it").ConfigureAwait(false);
        }

        return stop.Reason switch
        {
            null => new Outcome(exitCode, false, null),
            "its deadline passed" => new Outcome(ExitCodes.TimedOut, true, "stopped at the step's deadline"),
            var reason => new Outcome(exitCode, false, $"stopped because {reason}; the signal was passed on to the step"),
        };
    }

    /// <summary>Stops the command once: the signal to its whole tree, SIGKILL after the grace period unless it exited.</summary>
    private sealed class Stopper(int pid, TimeSpan grace, TextWriter errors) : IDisposable
    {
        private readonly Lock gate = new();
        private readonly CancellationTokenSource exited = new();

        public string? Reason { get; private set; }

        public void Stop(string reason, int signal)
        {
            lock (this.gate)
            {
                if (this.Reason is not null || this.exited.IsCancellationRequested)
                {
                    return;
                }

                this.Reason = reason;
            }

            errors.WriteLine($"[bazaar-agent] stopping the step: {reason}; SIGKILL in {grace.TotalSeconds:0.#} s unless it exits");
            ProcessTree.Signal(pid, signal);
            _ = this.KillAfterGraceAsync();
        }

        public void Exited()
        {
            lock (this.gate)
            {
                this.exited.Cancel();
            }
        }

        public void Dispose()
        {
            lock (this.gate)
            {
                this.exited.Cancel();
            }

            this.exited.Dispose();
        }

        private async Task KillAfterGraceAsync()
        {
            try
            {
                await Task.Delay(grace, this.exited.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            errors.WriteLine("[bazaar-agent] the step did not exit within the grace period; SIGKILL");
            ProcessTree.Signal(pid, NativeMethods.SigKill);
        }
    }
}
