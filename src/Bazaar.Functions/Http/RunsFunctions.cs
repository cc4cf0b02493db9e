using Bazaar.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Bazaar.Functions.Http;

/// <summary>
/// The HTTP API's entry points: one function per <see cref="ApiRoutes.All"/> entry, named after it,
/// each one call into <see cref="RunsApi"/>. The ASP.NET Core integration executes the returned
/// <see cref="IResult"/> itself, so no adapter is needed. Each call is cancelled with the request
/// (<see cref="HttpContext.RequestAborted"/>), the token <c>bazaar serve</c> passes too, which
/// <see cref="RunsApi"/> answers a cut connection by.
/// </summary>
/// <param name="api">The API implementation shared with <c>bazaar serve</c>.</param>
public sealed class RunsFunctions(RunsApi api)
{
    /// <summary><c>POST /api/runs</c>: validates the graph and starts a run.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <returns>What <see cref="RunsApi.StartRunAsync"/> answers.</returns>
    [Function(nameof(StartRun))]
    public Task<IResult> StartRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoutes.Api + ApiRoutes.Runs)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.StartRunAsync(client, req, req.HttpContext.RequestAborted);

    /// <summary><c>GET /api/runs</c>: the recent runs.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <returns>What <see cref="RunsApi.ListRunsAsync"/> answers.</returns>
    [Function(nameof(ListRuns))]
    public Task<IResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.Runs)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.ListRunsAsync(client, req, req.HttpContext.RequestAborted);

    /// <summary><c>GET /api/runs/{id}</c>: one run's state.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <returns>What <see cref="RunsApi.GetRunAsync"/> answers.</returns>
    [Function(nameof(GetRun))]
    public Task<IResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.Run)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.GetRunAsync(client, req, id, req.HttpContext.RequestAborted);

    /// <summary><c>GET /api/runs/{id}/graph</c>: the graph coloured by step state.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <returns>What <see cref="RunsApi.GetRunGraphAsync"/> answers.</returns>
    [Function(nameof(GetRunGraph))]
    public Task<IResult> GetRunGraph(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.RunGraph)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.GetRunGraphAsync(client, req, id, req.HttpContext.RequestAborted);

    /// <summary><c>GET /api/runs/{id}/steps/{step}/log</c>: a step's log.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="step">The step's name.</param>
    /// <returns>What <see cref="RunsApi.GetStepLogAsync"/> answers.</returns>
    [Function(nameof(GetStepLog))]
    public Task<IResult> GetStepLog(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.StepLog)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string step) =>
        api.GetStepLogAsync(client, req, id, step, req.HttpContext.RequestAborted);

    /// <summary><c>GET /api/runs/{id}/products/{name}</c>: a product's bytes.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="name">The product's name.</param>
    /// <returns>What <see cref="RunsApi.GetProductAsync"/> answers.</returns>
    [Function(nameof(GetProduct))]
    public Task<IResult> GetProduct(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoutes.Api + ApiRoutes.Product)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string name) =>
        api.GetProductAsync(client, req, id, name, req.HttpContext.RequestAborted);

    /// <summary><c>POST /api/runs/{id}/cancel</c>: stops a run.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <returns>What <see cref="RunsApi.CancelRunAsync"/> answers.</returns>
    [Function(nameof(CancelRun))]
    public Task<IResult> CancelRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoutes.Api + ApiRoutes.Cancel)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.CancelRunAsync(client, req, id, req.HttpContext.RequestAborted);

    /// <summary><c>POST /api/runs/{id}/rerun</c>: reruns an ended run, reusing what it made.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="id">The run's id.</param>
    /// <returns>What <see cref="RunsApi.RerunRunAsync"/> answers.</returns>
    [Function(nameof(RerunRun))]
    public Task<IResult> RerunRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoutes.Api + ApiRoutes.Rerun)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.RerunRunAsync(client, req, id, req.HttpContext.RequestAborted);
}
