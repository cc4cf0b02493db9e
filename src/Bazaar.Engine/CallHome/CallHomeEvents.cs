namespace Bazaar.CallHome;

/// <summary>
/// The call-home events and the names the orchestration waits for them under
/// (<c>context.WaitForExternalEvent&lt;T&gt;(CallHomeEvents.Name(step, attempt, @event))</c>).
/// </summary>
public static class CallHomeEvents
{
    /// <summary>The agent began the attempt; the payload is a <see cref="CallHomeStarted"/>.</summary>
    public const string Started = "started";

    /// <summary>The attempt ended; the payload is the agent's <see cref="Remotes.RemoteStepResponse"/>.</summary>
    public const string Done = "done";

    /// <summary>The path below the host's callback URL that the callback route answers on: <c>api/callbacks/{event}</c>.</summary>
    public const string Path = "api/callbacks";

    /// <summary>Gets every event, in the order an attempt reports them.</summary>
    public static IReadOnlyList<string> All { get; } = [Started, Done];

    /// <summary>Tells whether <paramref name="event"/> is a call-home event.</summary>
    /// <param name="event">The event, as the route gives it.</param>
    /// <returns><see langword="true"/> for <see cref="Started"/> and <see cref="Done"/>.</returns>
    public static bool IsKnown(string? @event) => @event is Started or Done;

    /// <summary>
    /// Gets the external event's name, unique per step, attempt and event within an instance:
    /// <c>callhome:&lt;step&gt;:&lt;attempt&gt;:&lt;event&gt;</c> (a step name holds no <c>:</c>).
    /// </summary>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <param name="event">The event.</param>
    /// <returns>The name.</returns>
    public static string Name(string step, int attempt, string @event)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (!IsKnown(@event))
        {
            throw new ArgumentException($"'{@event}' is not a call-home event; the events are {string.Join(", ", All)}.", nameof(@event));
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"callhome:{step}:{attempt}:{@event}");
    }
}
