using Bazaar.Remotes;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace Bazaar.Orchestration;

/// <summary>
/// Asks a call-home remote how one of its jobs is: the orchestration's slow reconciliation, which finds a
/// job that died without calling home (it never started, ran out of memory, was removed). A remote that
/// cannot be asked answers nothing useful, so an error here is reported as the job still running.
/// </summary>
internal sealed class DescribeCallHomeJobActivity(IEnumerable<IRemote> remotes, IHostApplicationLifetime? lifetime = null)
    : TaskActivity<CallHomeJobRequest, CallHomeJobStatus>
{
    /// <inheritdoc/>
    public override async Task<CallHomeJobStatus> RunAsync(TaskActivityContext context, CallHomeJobRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (remotes.LastOrDefault(r => r.Type == input.Step.Remote.Type) is not ICallHomeRemote remote)
        {
            return new CallHomeJobStatus(CallHomeJobState.Gone, Reason: $"remote type '{input.Step.Remote.Type}' is no longer installed in this host");
        }

        try
        {
            return await remote.DescribeAsync(input.Step.Remote, input.Job, lifetime?.ApplicationStopping ?? CancellationToken.None).ConfigureAwait(false);
        }
        catch (BazaarException ex)
        {
            // Throttled or unreachable: ask again at the next check rather than call the job dead.
            return new CallHomeJobStatus(CallHomeJobState.Running, Reason: ex.Message);
        }
    }
}
