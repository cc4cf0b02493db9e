using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>
/// A remote whose attempts outlive an activity (a container group, an ECS task, a Batch job): the host
/// submits the attempt with <see cref="SubmitAsync"/>, the orchestration waits at zero compute for the
/// agent to call home (README, "Call-home remotes"), asks <see cref="DescribeAsync"/> now and then
/// whether the job died without calling, cancels it on a timeout or a cancelled run, and deletes it at
/// the end whatever happened. A job is named by the string <see cref="SubmitAsync"/> returns; it travels
/// through the orchestration's history, so it holds no secret.
/// </summary>
public interface ICallHomeRemote : IRemote
{
    /// <summary>
    /// Starts the attempt. Idempotent for a run, step and attempt: submitting again (a retried activity)
    /// finds the job already there and does not start a second one.
    /// </summary>
    /// <param name="context">The step; its remote settings say where and how.</param>
    /// <param name="request">The request for the agent, with its <see cref="RemoteStepRequest.CallHome"/>. A secret: send it, never log it.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job's name, for the other calls.</returns>
    /// <exception cref="BazaarException">The service refused or failed; its <see cref="BazaarException.Kind"/> says whether another try may help.</exception>
    Task<string> SubmitAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken);

    /// <summary>Asks the service how the job is.</summary>
    /// <param name="remote">The step's remote settings.</param>
    /// <param name="job">The job, as <see cref="SubmitAsync"/> named it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its state.</returns>
    Task<CallHomeJobStatus> DescribeAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken);

    /// <summary>Stops the job if it still runs; a job already ended or gone is not an error.</summary>
    /// <param name="remote">The step's remote settings.</param>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service took the request.</returns>
    Task CancelAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken);

    /// <summary>Removes the job and what the service keeps for it; a job already gone is not an error.</summary>
    /// <param name="remote">The step's remote settings.</param>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service took the request.</returns>
    Task DeleteAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the jobs Bazaar made that are still on the service, in every place the host lets graphs use
    /// (found by Bazaar's tags or names), for the janitor: it deletes those whose run has ended.
    /// </summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The jobs, with the run, step and attempt their tags name.</returns>
    IAsyncEnumerable<CallHomeLeftover> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Where a call-home job is.</summary>
public enum CallHomeJobState
{
    /// <summary>Accepted, not started yet (an image pull, waiting for capacity).</summary>
    Pending,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Ended; <see cref="CallHomeJobStatus.ExitCode"/> says how, when the service knows.</summary>
    Ended,

    /// <summary>The service has no such job (never created, or deleted).</summary>
    Gone,

    /// <summary>
    /// The job has answered where the service keeps its answer (a function's status URL): read it with
    /// <see cref="IAnsweringCallHomeRemote.ReadResponseAsync"/>. Only an <see cref="IAnsweringCallHomeRemote"/> says so.
    /// </summary>
    Answered,
}

/// <summary>What the service says of a job.</summary>
/// <param name="State">Where it is.</param>
/// <param name="ExitCode">Its command's exit code once ended, when the service knows it.</param>
/// <param name="Reason">The service's words for a job that failed to start or ended badly (out of memory, no capacity).</param>
/// <param name="NextCheck">
/// When the service asks to be asked again (a <c>Retry-After</c>), sooner or later than the run's usual check;
/// <see langword="null"/> for the usual check.
/// </param>
public sealed record CallHomeJobStatus(CallHomeJobState State, int? ExitCode = null, string? Reason = null, TimeSpan? NextCheck = null);

/// <summary>A job Bazaar made that the service still has, as <see cref="ICallHomeRemote.ListAsync"/> found it.</summary>
/// <param name="Remote">Settings that address it for <see cref="ICallHomeRemote.DeleteAsync"/> (where it lives).</param>
/// <param name="Job">The job, as <see cref="ICallHomeRemote.SubmitAsync"/> named it.</param>
/// <param name="RunId">The run its tags name.</param>
/// <param name="Step">The step its tags name.</param>
/// <param name="Attempt">The attempt its tags name.</param>
/// <param name="State">Where it is.</param>
public sealed record CallHomeLeftover(RemoteDefinition Remote, string Job, string RunId, string Step, int Attempt, CallHomeJobState State);
