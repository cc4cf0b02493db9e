using Bazaar.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Bazaar.Functions.Http;

/// <summary>
/// The call-home route's entry point, one call into <see cref="CallbacksApi"/>. Anonymous at the HTTP level,
/// the only function that is: agents in containers hold no function key, and none is handed to them (nor the
/// Durable extension's system key: events are raised here, never through its webhooks). The attempt's token,
/// checked by <see cref="CallbacksApi"/>, authorises the call.
/// </summary>
/// <param name="api">The route's implementation shared with <c>bazaar serve</c>.</param>
public sealed class CallbacksFunctions(CallbacksApi api)
{
    /// <summary><c>POST /api/callbacks/{event}</c>: an agent reports its attempt started or is done.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="event">The event: started or done.</param>
    /// <returns>What <see cref="CallbacksApi.ReceiveAsync"/> answers.</returns>
    [Function(nameof(Callback))]
    public Task<IResult> Callback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoutes.Api + ApiRoutes.Callback)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string @event) =>
        api.ReceiveAsync(client, req, @event, req.HttpContext.RequestAborted);
}
