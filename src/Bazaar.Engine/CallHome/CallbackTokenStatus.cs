namespace Bazaar.CallHome;

/// <summary>
/// What <see cref="CallbackTokens.Validate"/> found. The callback route answers every refusal the same
/// (401) and says which it was only in the host's log.
/// </summary>
public enum CallbackTokenStatus
{
    /// <summary>The token is genuine, current and for this event.</summary>
    Valid,

    /// <summary>There is no token, or it is not one (wrong shape, too long, undecodable).</summary>
    Malformed,

    /// <summary>The token names a key id this host does not hold (retired, or never its own).</summary>
    UnknownKey,

    /// <summary>The signature does not match: the token was forged or altered.</summary>
    BadSignature,

    /// <summary>The token is genuine but past its expiry.</summary>
    Expired,

    /// <summary>The token is genuine but for the attempt's other event.</summary>
    WrongEvent,
}
