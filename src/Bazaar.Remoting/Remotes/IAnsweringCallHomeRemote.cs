using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>
/// A call-home remote whose service may answer the submission itself (an HTTP function): at once, with the
/// protocol's response; later, at a status URL the run polls on durable timers (<see cref="CallHomeJobState.Answered"/>
/// once the answer is there); or not at all, when the handler took the call-home callback. The engine submits
/// through <see cref="SubmitForAnswerAsync"/> instead of <see cref="ICallHomeRemote.SubmitAsync"/>.
/// </summary>
public interface IAnsweringCallHomeRemote : ICallHomeRemote
{
    /// <summary>
    /// Sends the attempt. The request carries the call-home endpoints when the host takes calls, and none
    /// when it does not (the handler must then answer, at once or at its status URL).
    /// </summary>
    /// <param name="context">The step; its remote settings say where.</param>
    /// <param name="request">The request. A secret: send it, never log it.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job, and the answer when the service gave it at once.</returns>
    /// <exception cref="BazaarException">The service refused or failed; its <see cref="BazaarException.Kind"/> says whether another try may help.</exception>
    Task<CallHomeSubmission> SubmitForAnswerAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken);

    /// <summary>Reads the answer of a job <see cref="ICallHomeRemote.DescribeAsync"/> said had <see cref="CallHomeJobState.Answered"/>.</summary>
    /// <param name="remote">The step's remote settings.</param>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The protocol's response.</returns>
    /// <exception cref="BazaarException">The answer is an error or not a protocol response; its kind says which.</exception>
    Task<RemoteStepResponse> ReadResponseAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken);
}
