using Bazaar.Orchestration;
using Bazaar.Remotes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Bazaar.CallHome;

/// <summary>
/// Removes the jobs a dead host left behind: each call-home remote lists what Bazaar made that the service
/// still has (<see cref="ICallHomeRemote.ListAsync"/>), and a job whose run has ended — completed, failed or
/// terminated — is cancelled if it still runs and deleted. A job whose run this task hub does not know is
/// deleted only once it has ended by itself: it may belong to another Bazaar host sharing the place, whose
/// run goes on. A job of a run still going is left to that run. Run by <c>bazaar serve</c> when it starts
/// and every <see cref="Interval"/>, and by the Function App's timer.
/// </summary>
/// <param name="remotes">The host's remotes; only call-home ones are swept.</param>
/// <param name="logger">The host's log.</param>
public sealed class CallHomeJanitor(IEnumerable<IRemote> remotes, ILogger<CallHomeJanitor> logger)
{
    /// <summary>How often a long-running host sweeps.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>Sweeps every call-home remote once. A remote that cannot be listed is reported and the others are still swept.</summary>
    /// <param name="client">The task hub's client, which says whether a run has ended.</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <returns>What was found and done.</returns>
    public async Task<CallHomeSweep> SweepAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var sweep = new CallHomeSweep();
        // The last registered of a type, as the activities resolve a step's remote.
        foreach (var remote in remotes.GroupBy(r => r.Type).Select(g => g.Last()).OfType<ICallHomeRemote>())
        {
            try
            {
                await foreach (var leftover in remote.ListAsync(cancellationToken).ConfigureAwait(false))
                {
                    sweep.Found++;
                    await this.SweepOneAsync(client, remote, leftover, sweep, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                sweep.Failures.Add($"{remote.Type}: {ex.Message}");
                Logs.JanitorListFailed(logger, ex, remote.Type);
            }
        }

        Logs.JanitorSwept(logger, sweep.Found, sweep.Deleted, sweep.Kept, sweep.Failures.Count);
        return sweep;
    }

    private async Task SweepOneAsync(DurableTaskClient client, ICallHomeRemote remote, CallHomeLeftover leftover, CallHomeSweep sweep, CancellationToken cancellationToken)
    {
        var run = await client.GetInstanceAsync(leftover.RunId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        var ended = leftover.State is CallHomeJobState.Ended or CallHomeJobState.Gone;
        var delete = run is null ? ended : run.IsCompleted;
        if (!delete)
        {
            sweep.Kept++;
            Logs.JanitorKept(logger, remote.Type, leftover.Job, leftover.RunId, run is null ? "its run is not in this task hub and the job still runs" : "its run goes on");
            return;
        }

        try
        {
            if (!ended)
            {
                await remote.CancelAsync(leftover.Remote, leftover.Job, cancellationToken).ConfigureAwait(false);
            }

            await remote.DeleteAsync(leftover.Remote, leftover.Job, cancellationToken).ConfigureAwait(false);
            sweep.Deleted++;
            Logs.JanitorDeleted(logger, remote.Type, leftover.Job, leftover.RunId, leftover.Step, leftover.Attempt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            sweep.Failures.Add($"{remote.Type} job {leftover.Job}: {ex.Message}");
            Logs.JanitorDeleteFailed(logger, ex, remote.Type, leftover.Job);
        }
    }
}

/// <summary>What one sweep of <see cref="CallHomeJanitor"/> found and did.</summary>
public sealed class CallHomeSweep
{
    /// <summary>Gets or sets how many jobs Bazaar made the services still had.</summary>
    public int Found { get; set; }

    /// <summary>Gets or sets how many were deleted.</summary>
    public int Deleted { get; set; }

    /// <summary>Gets or sets how many were left: their run goes on, or they may be another host's and still run.</summary>
    public int Kept { get; set; }

    /// <summary>Gets what could not be listed or deleted, in words.</summary>
    public IList<string> Failures { get; } = [];
}
