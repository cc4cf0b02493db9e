using Bazaar.Products;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Http;

/// <summary>
/// Bazaar's HTTP API, written once: <c>bazaar serve</c> maps it onto its routes and the Function
/// App's HTTP triggers call it. Each method answers one route of <see cref="ApiRoutes"/>. The
/// Durable Task client is passed in per call because the Function App gets one per invocation.
/// Errors are problem+json; nothing a client sends makes it answer 500.
/// </summary>
public sealed partial class RunsApi(
    IContentStore content,
    IProductRefs refs,
    RunCatalog catalog,
    InstalledRemoteTypes remotes,
    IOptions<HttpApiOptions> options,
    IOptions<BazaarOptions> bazaarOptions,
    TimeProvider clock,
    ILogger<RunsApi> logger)
{
    /// <summary><c>POST /api/runs</c>: validates the graph, stores the inputs and starts the run.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request: a graph as YAML or JSON, or multipart with a <c>graph</c> part and one part per input.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>202 with <c>Location</c> and a <see cref="StartedRun"/>; 400, 413 or 415 otherwise.</returns>
    public Task<IResult> StartRunAsync(DurableTaskClient client, HttpRequest request, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.StartAsync(client, request, cancellationToken));

    /// <summary><c>GET /api/runs</c>: the recent runs, newest first (<c>?limit=N</c>).</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>200 with a list of <see cref="RunSummary"/>.</returns>
    public Task<IResult> ListRunsAsync(DurableTaskClient client, HttpRequest request, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.ListAsync(client, request, cancellationToken));

    /// <summary><c>GET /api/runs/{id}</c>: the run's state, each step's state and, once ended, its result.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>200 with a <see cref="RunView"/>, or 404.</returns>
    public Task<IResult> GetRunAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.GetAsync(client, request, id, cancellationToken));

    /// <summary><c>GET /api/runs/{id}/graph?format=dot|mermaid</c>: the graph coloured by step state.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>200 with the text, 400 for an unknown format, or 404.</returns>
    public Task<IResult> GetRunGraphAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.GraphAsync(client, request, id, cancellationToken));

    /// <summary><c>GET /api/runs/{id}/steps/{step}/log</c>: a step's log (<c>?attempt=N</c>, the last by default).</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="step">The step's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>200 with the log as text, or 404.</returns>
    public Task<IResult> GetStepLogAsync(DurableTaskClient client, HttpRequest request, string id, string step, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.LogAsync(client, request, id, step, cancellationToken));

    /// <summary><c>GET /api/runs/{id}/products/{name}</c>: a product's bytes, streamed (a directory as a tar).</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>200 with the bytes, or 404.</returns>
    public Task<IResult> GetProductAsync(DurableTaskClient client, HttpRequest request, string id, string name, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.ProductAsync(client, id, name, cancellationToken));

    /// <summary><c>POST /api/runs/{id}/cancel</c>: stops the run; steps in flight are stopped too.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>202 with <c>Location</c>, 404, or 409 when the run has already ended.</returns>
    public Task<IResult> CancelRunAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.CancelAsync(client, request, id, cancellationToken));

    /// <summary>
    /// <c>POST /api/runs/{id}/rerun</c>: starts a new run of an ended run's graph that reuses every
    /// product it made, so only its failed steps and those downstream execute.
    /// </summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run to rerun.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>202 with <c>Location</c> and a <see cref="StartedRun"/>, 404, or 409 when the run has not ended.</returns>
    public Task<IResult> RerunRunAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken) =>
        this.GuardAsync(request, () => this.RerunAsync(client, request, id, cancellationToken));

    /// <summary>A 405 problem with the <c>Allow</c> header for a route's template.</summary>
    /// <param name="request">The request.</param>
    /// <param name="template">The route template from <see cref="ApiRoutes"/>.</param>
    /// <returns>The result.</returns>
    public static IResult MethodNotAllowed(HttpRequest request, string template)
    {
        ArgumentNullException.ThrowIfNull(request);
        var allowed = string.Join(", ", ApiRoutes.MethodsOf(template));
        return new ApiProblem(
            StatusCodes.Status405MethodNotAllowed,
            "Method not allowed",
            $"{request.Method} is not allowed on {request.Path}; use {allowed}.")
        {
            Headers = new Dictionary<string, string> { ["Allow"] = allowed },
        };
    }

    /// <summary>Runs a handler through <see cref="ApiGuard"/>: what a request or an outage can cause becomes a problem answer.</summary>
    private Task<IResult> GuardAsync(HttpRequest request, Func<Task<IResult>> handler) => ApiGuard.RunAsync(request, logger, handler);
}
