using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// One step attempt's container: created, attached, started, waited for or stopped, and always
/// removed; then, if needed, its workspace given back to this host's user.
/// </summary>
internal sealed class StepContainer : IAsyncDisposable
{
    // Removal and the ownership fix-up run after cancellation too; these bound them.
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly DockerConnection connection;
    private readonly StepContext context;
    private readonly DockerStepSettings settings;
    private readonly string workspace;
    private readonly DockerRemoteOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly string id;
    private readonly string stepName;
    private readonly string? user;

    private StepContainer(DockerConnection connection, StepContext context, DockerStepSettings settings, string workspace, DockerRemoteOptions options, ILogger logger, TimeProvider timeProvider, string id, string? user)
    {
        this.connection = connection;
        this.context = context;
        this.settings = settings;
        this.workspace = workspace;
        this.options = options;
        this.logger = logger;
        this.timeProvider = timeProvider;
        this.id = id;
        this.stepName = context.Step.Name;
        this.user = user;
    }

    private string StepName => this.stepName;

    private IContainerOperations Containers => this.connection.Client.Containers;

    /// <summary>Creates the container (not started).</summary>
    /// <param name="connection">The engine.</param>
    /// <param name="context">The step.</param>
    /// <param name="settings">Its docker settings.</param>
    /// <param name="parameters">The create request.</param>
    /// <param name="workspace">The workspace folder.</param>
    /// <param name="options">The remote's options.</param>
    /// <param name="logger">The host's log.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The container; dispose it to remove it.</returns>
    public static async Task<StepContainer> CreateAsync(
        DockerConnection connection,
        StepContext context,
        DockerStepSettings settings,
        CreateContainerParameters parameters,
        string workspace,
        DockerRemoteOptions options,
        ILogger logger,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        try
        {
            var created = await connection.Client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
            return new StepContainer(connection, context, settings, workspace, options, logger, timeProvider, created.ID, parameters.User);
        }
        catch (DockerApiException ex)
        {
            throw new DockerRemoteException(
                $"step '{context.Step.Name}': the Docker engine at {connection.Endpoint} refused to create its container of image '{settings.Image}': " +
                $"{ImagePuller.Reason(ex)}. Check the step's docker settings (cpus, memory, user, mounts).",
                ex)
            {
                // The engine refused what it was asked for (4xx): it will refuse it again. A 5xx may pass.
                Kind = (int)ex.StatusCode < 500 ? Graphs.FailureKind.Misconfigured : Graphs.FailureKind.Infrastructure,
            };
        }
    }

    /// <summary>Runs the container to its end, its deadline, or cancellation.</summary>
    /// <param name="cancellationToken">Cancels the step: the container is stopped, then this throws.</param>
    /// <returns>How the step ended.</returns>
    public async Task<RemoteResult> RunAsync(CancellationToken cancellationToken)
    {
        using var output = await this.Containers.AttachContainerAsync(
            this.id, tty: false, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken).ConfigureAwait(false);
        using var stopReading = new CancellationTokenSource();
        if (await this.StartAsync(cancellationToken).ConfigureAwait(false) is { } notStarted)
        {
            return notStarted;
        }

        var startedAt = this.timeProvider.GetTimestamp();
        this.logger.ContainerStarted(this.StepName, this.context.Attempt, this.id, this.settings.Image);
        var pump = ContainerOutput.PumpAsync(output, this.context.Log, this.options.MaxLineLength, stopReading.Token);
        using var deadline = this.context.CreateDeadline(this.timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        long exitCode;
        try
        {
            // The pump ending first means the stream broke, not that the container exited: wait on.
            exitCode = (await this.Containers.WaitContainerAsync(this.id, stop.Token).ConfigureAwait(false)).StatusCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await this.StopAsync().ConfigureAwait(false);
            await this.DrainAsync(pump, stopReading).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                this.logger.ContainerCancelled(this.StepName, this.id);
                await this.WriteLogAsync($"[bazaar] step '{this.StepName}' was cancelled; its container was stopped").ConfigureAwait(false);
                throw new OperationCanceledException($"step '{this.StepName}' was cancelled; its container was stopped", cancellationToken);
            }

            var timeout = this.context.Timeout ?? TimeSpan.Zero;
            this.logger.ContainerTimedOut(this.StepName, this.id, timeout);
            await this.WriteLogAsync($"[bazaar] step '{this.StepName}' timed out after {ExitCodes.Describe(timeout)}; its container was stopped").ConfigureAwait(false);
            return RemoteResult.TimedOutAfter(this.context);
        }

        var elapsed = this.timeProvider.GetElapsedTime(startedAt);
        this.logger.ContainerExited(this.StepName, this.id, exitCode, elapsed.TotalMilliseconds);
        await this.DrainAsync(pump, stopReading).ConfigureAwait(false);
        return exitCode == 0 ? RemoteResult.Success : RemoteResult.Exited(this.context, (int)exitCode);
    }

    /// <summary>Removes the container, whatever state it is in, then gives the workspace back if needed.</summary>
    /// <returns>A task that completes when done; failures are logged, not thrown.</returns>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        await RemoveAsync(this.connection, this.id, this.LogRemoveFailed, timeout.Token).ConfigureAwait(false);
        var owner = this.options.WorkspaceOwner ?? WorkspaceOwner.CurrentUnlessRoot;

        // A container that ran as the owner (the default) wrote nothing the owner cannot handle.
        if (this.options.ReclaimWorkspace && owner is not null && this.user != owner)
        {
            await this.ReclaimAsync(owner, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a container by force (it is killed if it runs), ignoring one already gone.</summary>
    /// <param name="connection">The engine.</param>
    /// <param name="id">The container.</param>
    /// <param name="failed">Told of any other failure.</param>
    /// <param name="cancellationToken">Bounds the call.</param>
    /// <returns>A task that completes when the container is gone or the removal failed.</returns>
    public static async Task RemoveAsync(DockerConnection connection, string id, Action<Exception> failed, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // "removal already in progress": the engine finishes it.
        }
#pragma warning disable CA1031 // Cleanup must not replace the step's outcome; the failure is logged and the sweep retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failed(ex);
        }
    }

    private async Task<RemoteResult?> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await this.Containers.StartContainerAsync(this.id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DockerApiException ex)
        {
            // The engine refuses to start a container whose program is missing or not executable: for the
            // step that is what a shell reports as 127 or 126, not a fault of the remote.
            var reason = ImagePuller.Reason(ex);
            var exitCode = reason.Contains("not found", StringComparison.OrdinalIgnoreCase) || reason.Contains("no such file", StringComparison.OrdinalIgnoreCase) ? 127
                : reason.Contains("permission denied", StringComparison.OrdinalIgnoreCase) ? 126
                : throw new DockerRemoteException($"step '{this.StepName}': the Docker engine at {this.connection.Endpoint} could not start its container: {reason}", ex);
            var message = $"step '{this.StepName}' could not start in image '{this.settings.Image}': {reason}; check the program's name and that the image has it (run: and the remote's command:/entrypoint:)";
            await this.WriteLogAsync($"[bazaar] {message}").ConfigureAwait(false);
            return new RemoteResult { ExitCode = exitCode, Message = message };
        }
    }

    private async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            var grace = (uint)Math.Ceiling(this.options.StopGracePeriod.TotalSeconds);
            await this.Containers.StopContainerAsync(this.id, new ContainerStopParameters { WaitBeforeKillSeconds = grace }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DockerApiException or OperationCanceledException || DockerConnection.IsConnectionError(ex))
        {
            // Removal (by force) follows in DisposeAsync and kills it if this did not.
            this.logger.RemoveFailed(ex, this.StepName, this.id);
        }
    }

    private async Task DrainAsync(Task pump, CancellationTokenSource stopReading)
    {
        try
        {
            await pump.WaitAsync(OutputDrainTimeout, this.timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
            this.logger.OutputAbandoned(this.StepName, this.id, OutputDrainTimeout);
            await this.WriteLogAsync($"[bazaar] output still open {ExitCodes.Describe(OutputDrainTimeout)} after the container exited; the rest is not logged").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The stream broke while the container was stopped; what was read is in the log.
        }
    }

    private async Task ReclaimAsync(string owner, CancellationToken cancellationToken)
    {
        try
        {
            var parameters = ContainerSpec.Reclaim(this.context, this.settings.Image, this.workspace, owner, this.options);
            var created = await this.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
            try
            {
                await this.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
                var exit = await this.Containers.WaitContainerAsync(created.ID, cancellationToken).ConfigureAwait(false);
                if (exit.StatusCode != 0)
                {
                    throw new DockerRemoteException($"chown -R {owner} in image '{this.settings.Image}' exited with code {exit.StatusCode}");
                }
            }
            finally
            {
                await RemoveAsync(this.connection, created.ID, this.LogRemoveFailed, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is DockerApiException or DockerRemoteException or OperationCanceledException || DockerConnection.IsConnectionError(ex))
        {
            this.logger.ReclaimFailed(ex, this.StepName, this.workspace, owner);
            await this.WriteLogAsync(
                $"[bazaar] could not give the workspace back to {owner} ({ex.Message}); files the container wrote as another user may not be collected or removed. " +
                "Set user: to this host's uid:gid, or use an image with chown.").ConfigureAwait(false);
        }
    }

    private void LogRemoveFailed(Exception exception) => this.logger.RemoveFailed(exception, this.stepName, this.id);

    private ValueTask WriteLogAsync(string line) => this.context.Log.WriteLineAsync(line, CancellationToken.None);
}
