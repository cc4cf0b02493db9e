using Bazaar.Graphs;
using Bazaar.Products;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <summary>The routes that read a run: the list, one run, its graph, a step's log and a product.</summary>
public sealed partial class RunsApi
{
    private async Task<IResult> ListAsync(DurableTaskClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = options.Value.ListLimit;
        if (request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > 1000))
        {
            return ApiProblem.BadRequest($"limit must be a whole number from 1 to 1000, not '{text}'.");
        }

        RunState? state = null;
        if (request.Query.TryGetValue("state", out var stateText))
        {
            if (!Enum.TryParse<RunState>(stateText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblem.BadRequest($"state must be one of {string.Join(", ", Enum.GetNames<RunState>())}, not '{stateText}'.");
            }

            state = parsed;
        }

        var runs = await RunCatalog.ListAsync(client, limit, state, cancellationToken).ConfigureAwait(false);
        return Results.Json(runs.Select(r => r with { Links = LinksOf(request, r.Id) }).ToList(), ApiJson.Options);
    }

    private async Task<IResult> GetAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        try
        {
            var run = await catalog.GetAsync(client, id, cancellationToken).ConfigureAwait(false);
            return Results.Json(run with { Links = LinksOf(request, id) }, ApiJson.Options);
        }
        catch (RunNotFoundException)
        {
            return NoSuchRun(id);
        }
    }

    private async Task<IResult> GraphAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var format = request.Query.TryGetValue("format", out var value) ? value.ToString() : "dot";
        if (format is not ("dot" or "mermaid"))
        {
            return ApiProblem.BadRequest($"format must be dot or mermaid, not '{format}'.");
        }

        RunSnapshot run;
        try
        {
            run = await catalog.SnapshotAsync(client, id, cancellationToken).ConfigureAwait(false);
        }
        catch (RunNotFoundException)
        {
            return NoSuchRun(id);
        }

        return format == "dot"
            ? Results.Text(GraphRenderer.ToDot(run.Graph, run.States), "text/vnd.graphviz; charset=utf-8")
            : Results.Text(GraphRenderer.ToMermaid(run.Graph, run.States), "text/vnd.mermaid; charset=utf-8");
    }

    private async Task<IResult> LogAsync(DurableTaskClient client, HttpRequest request, string id, string step, CancellationToken cancellationToken)
    {
        if ((BadId(id) ?? BadName(step, "step")) is { } bad)
        {
            return bad;
        }

        int? attempt = null;
        if (request.Query.TryGetValue("attempt", out var text))
        {
            if (!int.TryParse(text, out var number) || number < 1)
            {
                return ApiProblem.BadRequest($"attempt must be a whole number from 1, not '{text}'.");
            }

            attempt = number;
        }

        if (LogWindow.Parse(request.Query) is not { } window)
        {
            return ApiProblem.BadRequest(LogWindow.Usage);
        }

        try
        {
            var log = window.Tail is { } tail
                ? await catalog.OpenLogTailAsync(client, id, step, attempt, tail, cancellationToken).ConfigureAwait(false)
                : await catalog.OpenLogAsync(client, id, step, attempt, window.Offset, cancellationToken).ConfigureAwait(false);
            return new LogResult(log, step, window);
        }
        catch (RunNotFoundException)
        {
            return NoSuchRun(id);
        }
        catch (NotFoundException e)
        {
            return ApiProblem.NotFound(e.Message);
        }
    }

    private async Task<IResult> ProductAsync(DurableTaskClient client, string id, string name, CancellationToken cancellationToken)
    {
        if ((BadId(id) ?? BadName(name, "product")) is { } bad)
        {
            return bad;
        }

        ProductRef product;
        try
        {
            product = await catalog.GetProductAsync(client, id, name, cancellationToken).ConfigureAwait(false);
        }
        catch (RunNotFoundException)
        {
            return NoSuchRun(id);
        }
        catch (NotFoundException e)
        {
            return ApiProblem.NotFound($"{e.Message} GET the run to see what it produced.");
        }

        var stream = await content.OpenReadAsync(product, cancellationToken).ConfigureAwait(false);
        var (type, file) = product.Kind == ProductKind.Directory ? (TarType, name + ".tar") : ("application/octet-stream", name);
        return new ProductResult(product, Results.Stream(stream, type, file));
    }

    private async Task<IResult> CancelAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var reason = request.Query.TryGetValue("reason", out var text) && !string.IsNullOrWhiteSpace(text) ? text.ToString() : "cancelled over HTTP";
        try
        {
            reason = await catalog.CancelAsync(client, id, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (RunNotFoundException)
        {
            return NoSuchRun(id);
        }
        catch (RunEndedException e)
        {
            return ApiProblem.Conflict(e.Message);
        }

        Logs.ApiRunCancelRequested(logger, id, reason);
        var links = LinksOf(request, id);
        return Results.Accepted(links.Self.ToString(), links);
    }

    internal static ApiProblem? BadId(string id) => BlobLayout.IsValidRunId(id)
        ? null
        : ApiProblem.BadRequest($"'{id}' is not a run id: run ids are 1 to 128 of A-Z, a-z, 0-9, '.', '_', ':' and '-'.");

    internal static ApiProblem? BadName(string name, string what) => BlobLayout.IsValidName(name)
        ? null
        : ApiProblem.BadRequest($"'{name}' is not a {what} name: names are 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-', and not '.' or '..'.");

    internal static ApiProblem NoSuchRun(string id) =>
        ApiProblem.NotFound($"There is no run '{id}' on this task hub. GET /{ApiRoutes.Prefix}/{ApiRoutes.Runs} lists the recent runs.");

    private static RunLinks LinksOf(HttpRequest request, string id)
    {
        var self = $"{request.Scheme}://{request.Host}{request.PathBase}/{ApiRoutes.Prefix}/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks { Self = new Uri(self), Graph = new Uri(self + "/graph"), Cancel = new Uri(self + "/cancel") };
    }
}
