using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Http;

/// <summary>Maps Bazaar's HTTP API onto an ASP.NET Core app, as <c>bazaar serve</c> does.</summary>
public static class ApiEndpoints
{
    private static readonly string[] CommonMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>
    /// Maps every route of <see cref="ApiRoutes"/> under <c>/api</c> onto <see cref="RunsApi"/>, a
    /// 405 with <c>Allow</c> for the other methods on those routes, and a problem+json 404 for any
    /// other path under <c>/api</c>.
    /// </summary>
    /// <param name="endpoints">The app; its services must hold <see cref="RunsApi"/>, <see cref="LiveApi"/> and <see cref="CallbacksApi"/> (<c>AddHttpApi()</c>).</param>
    /// <param name="client">Gets the Durable Task client runs are started and read with.</param>
    /// <returns>The group the routes were mapped on.</returns>
    public static RouteGroupBuilder MapBazaarApi(this IEndpointRouteBuilder endpoints, Func<DurableTaskClient> client)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(client);
        var api = endpoints.ServiceProvider.GetRequiredService<RunsApi>();
        var callbacks = endpoints.ServiceProvider.GetRequiredService<CallbacksApi>();
        var live = endpoints.ServiceProvider.GetRequiredService<LiveApi>();
        var group = endpoints.MapGroup("/" + ApiRoutes.Prefix);
        group.MapPost(ApiRoutes.Runs, (HttpRequest r, CancellationToken ct) => api.StartRunAsync(client(), r, ct));
        group.MapGet(ApiRoutes.Runs, (HttpRequest r, CancellationToken ct) => api.ListRunsAsync(client(), r, ct));
        group.MapGet(ApiRoutes.Run, (HttpRequest r, string id, CancellationToken ct) => api.GetRunAsync(client(), r, id, ct));
        group.MapGet(ApiRoutes.RunGraph, (HttpRequest r, string id, CancellationToken ct) => api.GetRunGraphAsync(client(), r, id, ct));
        group.MapGet(ApiRoutes.StepLog, (HttpRequest r, string id, string step, CancellationToken ct) => api.GetStepLogAsync(client(), r, id, step, ct));
        group.MapGet(ApiRoutes.Step, (HttpRequest r, string id, string step, CancellationToken ct) => live.GetStepAsync(client(), r, id, step, ct));
        group.MapGet(ApiRoutes.RunLayout, (HttpRequest r, string id, CancellationToken ct) => live.GetRunLayoutAsync(client(), r, id, ct));
        group.MapGet(ApiRoutes.RunEvents, (HttpRequest r, string id, CancellationToken ct) => live.GetRunEventsAsync(client(), r, id, ct));
        group.MapGet(ApiRoutes.Product, (HttpRequest r, string id, string name, CancellationToken ct) => api.GetProductAsync(client(), r, id, name, ct));
        group.MapPost(ApiRoutes.Cancel, (HttpRequest r, string id, CancellationToken ct) => api.CancelRunAsync(client(), r, id, ct));
        group.MapPost(ApiRoutes.Rerun, (HttpRequest r, string id, CancellationToken ct) => api.RerunRunAsync(client(), r, id, ct));
        group.MapPost(ApiRoutes.Callback, (HttpRequest r, string @event, CancellationToken ct) => callbacks.ReceiveAsync(client(), r, @event, ct));

        foreach (var template in ApiRoutes.All.Select(r => r.Template).Distinct())
        {
            var others = CommonMethods.Except(ApiRoutes.MethodsOf(template)).ToArray();
            group.MapMethods(template, others, (HttpRequest r) => RunsApi.MethodNotAllowed(r, template));
        }

        // An explicit catch-all: the default fallback pattern is {*path:nonfile}, which skips any path
        // whose last segment looks like a file name ('r..erun', 'x.tar'), leaving those a bare 404.
        group.MapFallback("{**path}", (HttpRequest r) => ApiProblem.NotFound(
            $"There is no route {r.Method} {r.Path}. The API's routes: {string.Join(", ", ApiRoutes.All.Select(a => $"{a.Method} /{ApiRoutes.Prefix}/{a.Template}"))}."));
        return group;
    }
}
