using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Bazaar.Examples.StepFunction;

/// <summary>
/// The app's entry points, thin over <see cref="StepHandler"/>: <c>POST /api/bazaar-step</c> runs a step;
/// <c>GET</c> and <c>DELETE /api/bazaar-step/status/{id}</c> are a status URL. Each needs a function key
/// (<c>x-functions-key</c>), which the Functions host checks.
/// </summary>
/// <param name="handler">The logic.</param>
public sealed class StepFunctions(StepHandler handler)
{
    /// <summary>The function's name and route: what a graph's <c>function:</c> names.</summary>
    public const string Name = "bazaar-step";

    /// <summary>Runs a step.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">The call's end.</param>
    /// <returns>The answer.</returns>
    [Function(Name)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Name)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await handler.RunAsync(request, cancellationToken).ConfigureAwait(false);

    /// <summary>A running step's status URL.</summary>
    /// <param name="request">The request.</param>
    /// <param name="id">The step's job.</param>
    /// <returns>The answer.</returns>
    [Function(Name + "-status")]
    public IActionResult Status(
        [HttpTrigger(AuthorizationLevel.Function, "get", "delete", Route = Name + "/status/{id}")] HttpRequest request,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsDelete(request.Method) ? handler.Cancel(id) : handler.Status(request, id);
    }
}
