using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// When the host starts, removes containers Bazaar left behind: those whose owning process on this
/// machine no longer runs (a host killed mid-step), and stopped ones of other machines older than
/// <see cref="DockerRemoteOptions.LeftoverGracePeriod"/>. Running containers of other machines are
/// never touched: their owner may be mid-step. Runs in the background; an engine that is not there
/// only skips the sweep.
/// </summary>
/// <param name="connection">The engine.</param>
/// <param name="options">The remote's options.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="logger">The host's log.</param>
internal sealed class LeftoverSweeper(DockerConnection connection, IOptions<DockerRemoteOptions> options, TimeProvider timeProvider, ILogger<LeftoverSweeper> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task sweep = Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RemoveLeftovers)
        {
            this.sweep = Task.Run(() => this.SweepQuietlyAsync(this.stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await this.stopping.CancelAsync().ConfigureAwait(false);
        await this.sweep.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => this.stopping.Dispose();

    /// <summary>Removes the leftovers now.</summary>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <returns>How many containers were removed.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await connection.PingAsync("the leftover container sweep", cancellationToken).ConfigureAwait(false);
        var containers = await connection.Client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ContainerLabels.Managed + "=true"] = true } },
            },
            cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var container in containers.Where(this.IsLeftover))
        {
            var failed = false;
            await StepContainer.RemoveAsync(
                connection,
                container.ID,
                ex =>
                {
                    failed = true;
                    logger.LeftoverNotRemoved(ex, container.ID, Label(container, ContainerLabels.Run));
                },
                cancellationToken).ConfigureAwait(false);
            removed += failed ? 0 : 1;
        }

        if (removed > 0)
        {
            logger.LeftoversRemoved(removed, connection.Endpoint);
        }

        return removed;
    }

    private bool IsLeftover(ContainerListResponse container)
    {
        var owner = Label(container, ContainerLabels.Owner);
        if (owner == ContainerLabels.ThisProcess)
        {
            return false;
        }

        if (!ContainerLabels.OwnerRuns(owner, out var onThisMachine))
        {
            return true;
        }

        var old = container.Created.ToUniversalTime() < timeProvider.GetUtcNow().UtcDateTime - options.Value.LeftoverGracePeriod;
        return !onThisMachine && old && container.State is not ("running" or "paused" or "restarting");
    }

    private static string? Label(ContainerListResponse container, string key) =>
        container.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    private async Task SweepQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await this.SweepAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (DockerRemoteException ex)
        {
            logger.SweepSkipped(ex.Message);
        }
#pragma warning disable CA1031 // The sweep is housekeeping: nothing it meets may stop the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.SweepFailed(ex);
        }
    }
}
