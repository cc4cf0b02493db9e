namespace Bazaar.Remotes;

/// <summary>
/// Where the handler of a call-home remote (README, "Call-home remotes") reports: once when the attempt
/// starts, once when it ends with the protocol's response. Each endpoint carries its own token, valid
/// for that one event of that one attempt until the step's deadline, and usable once.
/// </summary>
/// <param name="Started">Called with an empty JSON object (<c>{}</c>) before the inputs are fetched.</param>
/// <param name="Done">Called with the <see cref="RemoteStepResponse"/> when the attempt has ended.</param>
public sealed record RemoteStepCallHome(CallHomeEndpoint Started, CallHomeEndpoint Done);

/// <summary>
/// One call-home endpoint: <c>POST</c> to <paramref name="Url"/> with <c>Authorization: Bearer</c>
/// <paramref name="Token"/> and a JSON body. The token is a secret: send it, never log it.
/// </summary>
/// <param name="Url">The host's callback route (<c>/api/callbacks/{event}</c>).</param>
/// <param name="Token">The attempt's token for this event.</param>
public sealed record CallHomeEndpoint(Uri Url, string Token);
