using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.CallHome;

/// <summary>
/// The payload of the <see cref="CallHomeEvents.Done"/> event: the agent's response without its log tail,
/// which can be a mebibyte and would otherwise sit in the orchestration's history. The callback route
/// stores the tail by digest and the activity that ends the attempt writes it, redacted, to the step's log.
/// </summary>
/// <param name="Response">The agent's response, its <see cref="RemoteStepResponse.LogTail"/> left out.</param>
/// <param name="LogTail">The stored tail, when the agent sent one.</param>
public sealed record CallHomeDone(RemoteStepResponse Response, ProductRef? LogTail);
