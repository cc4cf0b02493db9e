using Azure;
using Bazaar.Products;
using Grpc.Core;
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

    /// <summary>
    /// Runs a handler, turning what a request or an outage can cause into a problem answer:
    /// a body over Kestrel's limit is 413, a cut connection ends quietly, storage or the task hub
    /// unreachable is 503. Anything else is a bug, logged, and answered 500 without details.
    /// </summary>
    private async Task<IResult> GuardAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblem.TooLarge($"The request body is larger than this server accepts: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            return ApiProblem.BadRequest($"The request could not be read: {e.Message}");
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (UnsafeFolderException e)
        {
            // The host's own folders are not safe to use: the server's fault, not the request's.
            Logs.ApiBackendUnavailable(logger, e, request.Method, request.Path);
            return ApiProblem.Unavailable($"This server cannot stage the request's files: {e.Message} Its operator must fix the folder.");
        }
        catch (Exception e) when (e is RequestFailedException or RpcException or HttpRequestException or BazaarException)
        {
            Logs.ApiBackendUnavailable(logger, e, request.Method, request.Path);
            return ApiProblem.Unavailable(
                $"Bazaar could not reach its storage or task hub: {Describe(e)}. Try again shortly; if it persists, check the server's storage settings.");
        }
        catch (Exception e)
        {
            Logs.ApiFailed(logger, e, request.Method, request.Path);
            return new ApiProblem(
                StatusCodes.Status500InternalServerError,
                "Internal error",
                $"Bazaar failed to answer ({e.GetType().Name}). This is a bug in Bazaar, not in the request; please report it with the server's log.");
        }
    }

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException r => $"storage answered {r.Status} {r.ErrorCode}",
        RpcException r => $"the task hub answered {r.StatusCode}: {r.Status.Detail}",
        _ => e.Message,
    };
}
