namespace Bazaar.CallHome;

/// <summary>
/// The payload of the <see cref="CallHomeEvents.Started"/> event: the agent said it began the attempt.
/// (The <see cref="CallHomeEvents.Done"/> event carries a <see cref="CallHomeDone"/>.)
/// </summary>
/// <param name="ReceivedAt">When the host took the call, by its clock.</param>
public sealed record CallHomeStarted(DateTimeOffset ReceivedAt);
