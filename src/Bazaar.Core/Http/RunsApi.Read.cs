using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <summary>The routes that read a run: the list, one run, its graph, a step's log and a product.</summary>
public sealed partial class RunsApi
{
    // Listing reads the instances table; past this many, older runs are left out rather than read.
    private const int MaxRunsScanned = 10_000;

    private static readonly System.Text.Json.JsonSerializerOptions StatusJson = new() { PropertyNameCaseInsensitive = true };

    private async Task<IResult> ListAsync(DurableTaskClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = options.Value.ListLimit;
        if (request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > 1000))
        {
            return ApiProblem.BadRequest($"limit must be a whole number from 1 to 1000, not '{text}'.");
        }

        var query = new OrchestrationQuery { PageSize = 500, FetchInputsAndOutputs = false };
        var runs = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.Name == BazaarTasks.RunGraph)
            {
                runs.Add(instance);
            }

            if (runs.Count >= MaxRunsScanned)
            {
                break;
            }
        }

        var summaries = runs.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.InstanceId, StringComparer.Ordinal).Take(limit).Select(r =>
        {
            var status = ReadStatus(r);
            return new RunSummary
            {
                Id = r.InstanceId,
                Graph = status?.Graph,
                State = RunSnapshot.StateOf(r.RuntimeStatus, status?.Cancelled, status is null ? null : Succeeded(status)),
                CreatedAt = r.CreatedAt,
                UpdatedAt = r.LastUpdatedAt,
                Links = LinksOf(request, r.InstanceId),
            };
        });
        return Results.Json(summaries.ToList(), ApiJson.Options);
    }

    private async Task<IResult> GetAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        return await this.SnapshotAsync(client, id, cancellationToken).ConfigureAwait(false) is { } run
            ? Results.Json(run.ToView(LinksOf(request, id)), ApiJson.Options)
            : NoSuchRun(id);
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

        if (await this.SnapshotAsync(client, id, cancellationToken).ConfigureAwait(false) is not { } run)
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

        if (await LoadAsync(client, id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return NoSuchRun(id);
        }

        if (!run.Graph.Graph.Steps.Any(s => s.Name == step))
        {
            return ApiProblem.NotFound($"Run '{id}' has no step '{step}'. Its steps: {List(run.Graph.Graph.Steps.Select(s => s.Name))}.");
        }

        var record = await store.GetStepRecordAsync(id, step, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Attempts < 1)
        {
            return ApiProblem.NotFound($"Step '{step}' of run '{id}' has not started, so it has no log yet.");
        }

        if (attempt > record.Attempts)
        {
            return ApiProblem.NotFound($"Step '{step}' of run '{id}' has made {record.Attempts} attempt(s); there is no attempt {attempt}.");
        }

        var log = await store.OpenLogReadAsync(id, step, attempt ?? record.Attempts, cancellationToken).ConfigureAwait(false);
        return log is null
            ? ApiProblem.NotFound($"Step '{step}' of run '{id}' has no log for attempt {attempt ?? record.Attempts}.")
            : Results.Stream(log, "text/plain; charset=utf-8");
    }

    private async Task<IResult> ProductAsync(DurableTaskClient client, string id, string name, CancellationToken cancellationToken)
    {
        if ((BadId(id) ?? BadName(name, "product")) is { } bad)
        {
            return bad;
        }

        if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not { Name: BazaarTasks.RunGraph })
        {
            return NoSuchRun(id);
        }

        if (await store.GetAsync(id, name, cancellationToken).ConfigureAwait(false) is not { } product)
        {
            return ApiProblem.NotFound($"Run '{id}' has no product '{name}' (not yet, or its graph has none by that name); GET the run to see what it produced.");
        }

        var content = await store.OpenReadAsync(product, cancellationToken).ConfigureAwait(false);
        var (type, file) = product.Kind == ProductKind.Directory ? (TarType, name + ".tar") : ("application/octet-stream", name);
        return new ProductResult(product, Results.Stream(content, type, file));
    }

    private async Task<IResult> CancelAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (metadata is not { Name: BazaarTasks.RunGraph })
        {
            return NoSuchRun(id);
        }

        if (metadata.IsCompleted)
        {
            return ApiProblem.Conflict($"Run '{id}' has already ended ({metadata.RuntimeStatus}); there is nothing to cancel.");
        }

        var reason = request.Query.TryGetValue("reason", out var text) && !string.IsNullOrWhiteSpace(text)
            ? new string(text.ToString().Where(c => !char.IsControl(c)).Take(200).ToArray())
            : "cancelled over HTTP";

        // The request in storage stops the steps in flight on whichever host runs them; the event stops the orchestrator.
        await store.RequestCancelAsync(id, reason, cancellationToken).ConfigureAwait(false);
        await client.RaiseEventAsync(id, BazaarTasks.CancelEvent, reason, cancellationToken).ConfigureAwait(false);
        Logs.ApiRunCancelRequested(logger, id, reason);
        var links = LinksOf(request, id);
        return Results.Accepted(links.Self.ToString(), links);
    }

    private async Task<RunSnapshot?> SnapshotAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(client, id, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        var result = await RunResults.ReadAsync(run.Metadata, store, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StepResult> steps = result?.Steps ?? await this.ListStepsAsync(id, cancellationToken).ConfigureAwait(false);
        return new RunSnapshot(run.Metadata, run.Graph.Graph, result, steps);
    }

    private async Task<List<StepResult>> ListStepsAsync(string id, CancellationToken cancellationToken)
    {
        var steps = new List<StepResult>();
        await foreach (var record in store.ListStepRecordsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            steps.Add(record);
        }

        return steps;
    }

    private static async Task<(OrchestrationMetadata Metadata, RunRequest Graph)?> LoadAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata is { Name: BazaarTasks.RunGraph } && metadata.ReadInputAs<RunRequest>() is { } input ? (metadata, input) : null;
    }

    // The list is fetched without inputs and outputs (each run's graph and result), and then the
    // client refuses ReadCustomStatusAs although the status came back; it is read directly.
    private static RunStatus? ReadStatus(OrchestrationMetadata metadata)
    {
        try
        {
            return metadata.SerializedCustomStatus is { Length: > 0 } json
                ? System.Text.Json.JsonSerializer.Deserialize<RunStatus>(json, StatusJson)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static bool Succeeded(RunStatus status) =>
        status.Counts.All(c => c.Key.IsSatisfied() || c.Value == 0);

    private static ApiProblem? BadId(string id) => BlobLayout.IsValidRunId(id)
        ? null
        : ApiProblem.BadRequest($"'{id}' is not a run id: run ids are 1 to 128 of A-Z, a-z, 0-9, '.', '_', ':' and '-'.");

    private static ApiProblem? BadName(string name, string what) => BlobLayout.IsValidName(name)
        ? null
        : ApiProblem.BadRequest($"'{name}' is not a {what} name: names are 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-', and not '.' or '..'.");

    private static ApiProblem NoSuchRun(string id) =>
        ApiProblem.NotFound($"There is no run '{id}' on this task hub. GET /{ApiRoutes.Prefix}/{ApiRoutes.Runs} lists the recent runs.");

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= 20 ? string.Join(", ", all) : string.Join(", ", all.Take(20)) + $" and {all.Count - 20} more";
    }

    private static RunLinks LinksOf(HttpRequest request, string id)
    {
        var self = $"{request.Scheme}://{request.Host}{request.PathBase}/{ApiRoutes.Prefix}/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks { Self = new Uri(self), Graph = new Uri(self + "/graph"), Cancel = new Uri(self + "/cancel") };
    }
}
