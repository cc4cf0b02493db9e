using Bazaar.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Bazaar.Functions.Http;

/// <summary>
/// The web UI's routes (<see cref="LiveApi"/>): a step, the graph's layout, and the live events. The event stream
/// ends itself before the front end's 230 s request limit (<see cref="HttpApiOptions.LiveStreamLimit"/>, set by
/// the app) and the browser resumes it with <c>Last-Event-ID</c>; <c>?poll=1</c> is the long-poll fallback.
/// </summary>
/// <param name="api">The implementation shared with <c>bazaar serve</c>.</param>
public sealed class LiveFunctions(LiveApi api)
{
    /// <summary><c>GET /api/runs/{id}/steps/{step}</c>: one step.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="step">The step's name.</param>
    /// <returns>What <see cref="LiveApi.GetStepAsync"/> answers.</returns>
    [Function(nameof(GetStep))]
    public Task<IResult> GetStep(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.Step)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string step) =>
        api.GetStepAsync(client, req, id, step, req.HttpContext.RequestAborted);

    /// <summary><c>GET /api/runs/{id}/layout</c>: the graph's layout.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <returns>What <see cref="LiveApi.GetRunLayoutAsync"/> answers.</returns>
    [Function(nameof(GetRunLayout))]
    public Task<IResult> GetRunLayout(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.RunLayout)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.GetRunLayoutAsync(client, req, id, req.HttpContext.RequestAborted);

    /// <summary><c>GET /api/runs/{id}/events</c>: the run's live changes.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <returns>What <see cref="LiveApi.GetRunEventsAsync"/> answers.</returns>
    [Function(nameof(GetRunEvents))]
    public Task<IResult> GetRunEvents(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.RunEvents)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.GetRunEventsAsync(client, req, id, req.HttpContext.RequestAborted);
}
