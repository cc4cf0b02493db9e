using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bazaar.CallHome;

/// <summary>
/// What a call-home token says, signed: which orchestration instance waits (a run's or a shard's, the one
/// the event is raised on), for which run, step, attempt and event, and until when.
/// </summary>
/// <param name="InstanceId">The orchestration instance that waits for the event.</param>
/// <param name="RunId">The run.</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="Event">The event: <see cref="CallHomeEvents.Started"/> or <see cref="CallHomeEvents.Done"/>.</param>
/// <param name="ExpiresAt">When the token stops being accepted (whole seconds).</param>
public sealed record CallbackClaims(string InstanceId, string RunId, string Step, int Attempt, string Event, DateTimeOffset ExpiresAt)
{
    /// <summary>Gets the name of the Durable external event these claims raise (<see cref="CallHomeEvents.Name"/>).</summary>
    public string EventName => CallHomeEvents.Name(this.Step, this.Attempt, this.Event);

    /// <summary>
    /// Gets the key the single-use ledger records this callback under: the SHA-256 (hex) of the instance, run,
    /// step, attempt and event. Not of the token: an attempt's event is taken once, whichever token carries it.
    /// </summary>
    /// <returns>64 lowercase hex digits.</returns>
    public string LedgerKey() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', this.InstanceId, this.RunId, this.Step, this.Attempt.ToString(CultureInfo.InvariantCulture), this.Event))));
}
