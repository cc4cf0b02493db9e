using System.ComponentModel;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.Process;

/// <summary>One started step process: its output pumps, its deadline, and how it is stopped.</summary>
internal sealed class StepProcess : IDisposable
{
    // SIGKILL cannot be ignored; this only bounds the wait for a process stuck in the kernel (D state).
    private static readonly TimeSpan ExitAfterKillTimeout = TimeSpan.FromSeconds(10);

    private readonly System.Diagnostics.Process process;
    private readonly StepContext context;
    private readonly ProcessTreeMarker marker;
    private readonly ProcessRemoteOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly long startedAt;
    private readonly CancellationTokenSource pumpsStopped = new();
    private readonly CancellationTokenSource pumpFailed = new();
    private readonly StreamReader standardOutput;
    private readonly StreamReader standardError;
    private readonly Task pumps;
    private Exception? pumpError;

    /// <summary>Initializes a new instance of the <see cref="StepProcess"/> class and starts reading its output.</summary>
    /// <param name="process">The started process; this instance owns it.</param>
    /// <param name="context">The step.</param>
    /// <param name="marker">The marker its processes carry.</param>
    /// <param name="options">The remote's settings.</param>
    /// <param name="logger">The host's log.</param>
    /// <param name="timeProvider">The clock.</param>
    public StepProcess(System.Diagnostics.Process process, StepContext context, ProcessTreeMarker marker, ProcessRemoteOptions options, ILogger logger, TimeProvider timeProvider)
    {
        this.process = process;
        this.context = context;
        this.marker = marker;
        this.options = options;
        this.logger = logger;
        this.timeProvider = timeProvider;
        this.startedAt = timeProvider.GetTimestamp();
        process.StandardInput.Close();

        // Both streams are read at once: reading one to its end first would deadlock a process that
        // fills the other's pipe buffer.
        this.standardOutput = process.StandardOutput;
        this.standardError = process.StandardError;
        this.pumps = Task.WhenAll(this.PumpAsync(this.standardOutput), this.PumpAsync(this.standardError));
    }

    private string StepName => this.context.Step.Name;

    /// <summary>Waits for the process to end, or stops it at its deadline or on cancellation.</summary>
    /// <param name="cancellationToken">Cancels the step: its processes are killed, then this throws.</param>
    /// <returns>How the step ended.</returns>
    public async Task<RemoteResult> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = this.context.CreateDeadline(this.timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, this.pumpFailed.Token);
        try
        {
            await this.process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await this.KillAsync().ConfigureAwait(false);
            this.ThrowIfPumpFailed();
            if (cancellationToken.IsCancellationRequested)
            {
                this.logger.ProcessCancelled(this.StepName, this.process.Id);
                await this.WriteLogAsync($"[bazaar] step '{this.StepName}' was cancelled; its processes were killed").ConfigureAwait(false);
                throw new OperationCanceledException($"step '{this.StepName}' was cancelled; its processes were killed", cancellationToken);
            }

            return await this.TimedOutAsync().ConfigureAwait(false);
        }

        var exitCode = this.process.ExitCode;
        var elapsed = this.timeProvider.GetElapsedTime(this.startedAt);
        this.logger.ProcessExited(this.StepName, this.process.Id, exitCode, elapsed.TotalMilliseconds);
        if (this.options.KillLeftoverProcesses)
        {
            this.KillLeftovers();
        }

        try
        {
            await this.DrainAsync(this.options.OutputDrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await this.KillAsync().ConfigureAwait(false);
            throw;
        }

        this.ThrowIfPumpFailed();
        return exitCode == 0 ? RemoteResult.Success : RemoteResult.Exited(this.context, exitCode);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Stop the pumps first, so errors from streams closed under them are taken as intended.
        this.pumpsStopped.Cancel();

        // Process.Dispose leaves streams the caller has touched to the caller: without these two
        // lines every step would leak its pipes until the finalizer ran.
        this.standardOutput.Dispose();
        this.standardError.Dispose();
        this.process.Dispose();
        this.pumpsStopped.Dispose();
        this.pumpFailed.Dispose();
    }

    private async Task<RemoteResult> TimedOutAsync()
    {
        var timeout = this.context.Timeout ?? TimeSpan.Zero;
        this.logger.ProcessTimedOut(this.StepName, this.process.Id, timeout);
        await this.WriteLogAsync($"[bazaar] step '{this.StepName}' timed out after {ExitCodes.Describe(timeout)}; its processes were killed").ConfigureAwait(false);
        return RemoteResult.TimedOutAfter(this.context);
    }

    private async Task KillAsync()
    {
        try
        {
            // Linux: stops the process, walks /proc for its descendants, then kills them all.
            this.process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or AggregateException)
        {
            this.logger.KillFailed(ex, this.StepName, this.process.Id);
        }

        // Descendants that left the tree (reparented to init) are found by their marker.
        this.KillLeftovers();

        try
        {
            await this.process.WaitForExitAsync(CancellationToken.None).WaitAsync(ExitAfterKillTimeout, this.timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            this.logger.ExitAfterKillTimedOut(this.StepName, this.process.Id, ExitAfterKillTimeout);
        }

        await this.DrainAsync(this.options.OutputDrainTimeout, CancellationToken.None).ConfigureAwait(false);
    }

    private void KillLeftovers()
    {
        var killed = this.marker.KillAll();
        if (killed > 0)
        {
            this.logger.LeftoversKilled(this.StepName, killed);
        }
    }

    private async Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await this.pumps.WaitAsync(timeout, this.timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Something outside our reach (a process that cleared its environment, then left the tree)
            // still holds the output open; it must not hold the step.
            this.pumpsStopped.Cancel();
            this.logger.OutputAbandoned(this.StepName, timeout);
            await this.WriteLogAsync($"[bazaar] output still open {ExitCodes.Describe(timeout)} after the step's process exited; the rest is not logged").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            this.pumpsStopped.Cancel();
            throw;
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        try
        {
            await OutputPump.PumpAsync(reader, this.context.Log, this.options.MaxLineLength, this.pumpsStopped.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A pump must never fault unobserved: its error is handed to RunAsync, which rethrows it.
        catch (Exception) when (this.pumpsStopped.IsCancellationRequested)
        {
            // Stopped on purpose; the stream may have been closed under the read.
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref this.pumpError, ex, null);
            try
            {
                this.pumpFailed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
#pragma warning restore CA1031
    }

    private void ThrowIfPumpFailed()
    {
        if (this.pumpError is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    private ValueTask WriteLogAsync(string line) => this.context.Log.WriteLineAsync(line, CancellationToken.None);
}
