namespace Bazaar.CallHome;

/// <summary>
/// The attempt a call-home remote reports on: <see cref="CallbackClaims"/> without the event and the expiry,
/// which <see cref="CallbackTokens.CreateCallHome(CallbackAttempt, Uri, DateTimeOffset)"/> adds per endpoint.
/// </summary>
/// <param name="InstanceId">The orchestration instance that waits for the events (a run's or a shard's).</param>
/// <param name="RunId">The run.</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The attempt, from 1.</param>
public sealed record CallbackAttempt(string InstanceId, string RunId, string Step, int Attempt);
