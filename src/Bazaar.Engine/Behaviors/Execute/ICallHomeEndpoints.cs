using Bazaar.Remotes;

namespace Bazaar.Behaviors;

/// <summary>
/// Mints an attempt's call-home endpoints: the host's callback address, with a token per event bound to
/// the waiting orchestration, the run, the step, the attempt and an expiry. <see cref="CallHome.CallbackTokens"/>
/// is the one every host registers (<c>AddCallHome</c>).
/// </summary>
public interface ICallHomeEndpoints
{
    /// <summary>
    /// Gets a value indicating whether this host has an address a job can call (<c>BAZAAR_CALLBACK_URL</c>, or
    /// <c>serve</c>'s own): <c>bazaar run</c> has none, so <see cref="Create"/> refuses there.
    /// </summary>
    bool TakesCalls { get; }

    /// <summary>Creates the endpoints for one attempt.</summary>
    /// <param name="instanceId">The orchestration instance that waits for the calls (the run's, or its shard's).</param>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <param name="deadline">The attempt's deadline; the tokens are accepted a grace period past it.</param>
    /// <returns>The endpoints to put in the request.</returns>
    RemoteStepCallHome Create(string instanceId, string runId, string step, int attempt, DateTimeOffset deadline);
}
