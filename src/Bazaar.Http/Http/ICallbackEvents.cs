namespace Bazaar.Http;

/// <summary>Where the callback route raises an accepted call's event: the task hub, or a test's recorder.</summary>
internal interface ICallbackEvents
{
    /// <summary>Raises an external event on an orchestration instance.</summary>
    /// <param name="instanceId">The waiting instance.</param>
    /// <param name="eventName">The event's name (<see cref="CallHome.CallHomeEvents.Name"/>).</param>
    /// <param name="payload">The event's payload.</param>
    /// <param name="cancellationToken">Cancels raising.</param>
    /// <returns>A task that completes when the event is sent.</returns>
    Task RaiseAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken);
}
