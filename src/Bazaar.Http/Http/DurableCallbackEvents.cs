using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <summary>Raises callback events through the host's Durable Task client (the Function App's is per invocation).</summary>
internal sealed class DurableCallbackEvents(DurableTaskClient client) : ICallbackEvents
{
    public Task RaiseAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
}
