using Bazaar.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bazaar.Functions.Http;

/// <summary>
/// 405 for the common methods a route lacks. The Functions host answers 404 for a method no
/// function takes, which would tell a client the run does not exist; one function per template
/// takes the other methods and answers 405 with <c>Allow</c> instead.
/// </summary>
public static class MethodNotAllowedFunctions
{
    /// <summary>Any method but GET and POST on <c>/api/runs</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(RunsMethodNotAllowed))]
    public static IResult RunsMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.Runs)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.Runs);

    /// <summary>Any method but GET on <c>/api/runs/{id}</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(RunMethodNotAllowed))]
    public static IResult RunMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.Run)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.Run);

    /// <summary>Any method but GET on <c>/api/runs/{id}/graph</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(RunGraphMethodNotAllowed))]
    public static IResult RunGraphMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.RunGraph)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.RunGraph);

    /// <summary>Any method but GET on <c>/api/runs/{id}/steps/{step}/log</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(StepLogMethodNotAllowed))]
    public static IResult StepLogMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.StepLog)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.StepLog);

    /// <summary>Any method but GET on <c>/api/runs/{id}/products/{name}</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(ProductMethodNotAllowed))]
    public static IResult ProductMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.Product)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.Product);

    /// <summary>Any method but POST on <c>/api/runs/{id}/cancel</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(CancelMethodNotAllowed))]
    public static IResult CancelMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "get", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.Cancel)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.Cancel);

    /// <summary>Any method but POST on <c>/api/runs/{id}/rerun</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(RerunMethodNotAllowed))]
    public static IResult RerunMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "get", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.Rerun)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.Rerun);

    /// <summary>Any method but POST on <c>/api/callbacks/{event}</c>; anonymous like the route itself.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(CallbackMethodNotAllowed))]
    public static IResult CallbackMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.Callback)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.Callback);

    /// <summary>Any method but GET on <c>/api/runs/{id}/steps/{step}</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(StepMethodNotAllowed))]
    public static IResult StepMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.Step)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.Step);

    /// <summary>Any method but GET on <c>/api/runs/{id}/layout</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(RunLayoutMethodNotAllowed))]
    public static IResult RunLayoutMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.RunLayout)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.RunLayout);

    /// <summary>Any method but GET on <c>/api/runs/{id}/events</c>.</summary>
    /// <param name="req">The request.</param>
    /// <returns>405 with <c>Allow</c>.</returns>
    [Function(nameof(RunEventsMethodNotAllowed))]
    public static IResult RunEventsMethodNotAllowed(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = FunctionRoutes.Api + ApiRoutes.RunEvents)] HttpRequest req) =>
        RunsApi.MethodNotAllowed(req, ApiRoutes.RunEvents);
}
