using Bazaar.Graphs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Http;

/// <summary>
/// The routes the web UI draws a run with, answered by <c>bazaar serve</c> and the Function App alike: the
/// graph's layout (computed once per graph), one step with its record and products, and the run's live
/// changes as Server-Sent Events or, where streaming is cut short, long polls.
/// </summary>
public sealed partial class LiveApi
{
    private readonly RunCatalog catalog;
    private readonly LayoutCache layouts;
    private readonly RunWatchers watchers;
    private readonly IOptions<HttpApiOptions> options;
    private readonly TimeProvider clock;
    private readonly ILogger<LiveApi> logger;

    internal LiveApi(RunCatalog catalog, LayoutCache layouts, RunWatchers watchers, IOptions<HttpApiOptions> options, TimeProvider clock, ILogger<LiveApi> logger)
    {
        this.catalog = catalog;
        this.layouts = layouts;
        this.watchers = watchers;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
    }

    /// <summary>
    /// <c>GET /api/runs/{id}/layout</c>: where the UI draws each step, as flat arrays indexed by step
    /// (<see cref="GraphLayout"/>), with the state names and colours; <c>ETag</c> is the graph's key, so a
    /// second run of a graph is answered 304.
    /// </summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>200 with the layout's JSON, 304, or 404.</returns>
    public Task<IResult> GetRunLayoutAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiGuard.RunAsync(request, this.logger, () => this.LayoutAsync(client, request, id, cancellationToken));

    /// <summary><c>GET /api/runs/{id}/steps/{step}</c>: a step's definition, its record so far, and the refs of what it consumes and produces.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="step">The step's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>200 with the step, or 404.</returns>
    public Task<IResult> GetStepAsync(DurableTaskClient client, HttpRequest request, string id, string step, CancellationToken cancellationToken) =>
        ApiGuard.RunAsync(request, this.logger, () => this.StepAsync(client, id, step, cancellationToken));

    /// <summary>
    /// <c>GET /api/runs/{id}/events</c>: the run's changes. As <c>text/event-stream</c>, a <c>snapshot</c> event,
    /// then <c>changes</c> events as steps move, heartbeats while nothing does, and <c>end</c> once the run has
    /// ended; each event's id resumes the stream (<c>Last-Event-ID</c>). With <c>?poll=1</c> (and
    /// <c>after=</c> the last id seen, <c>wait=</c> up to 25 seconds), one JSON answer with the events since,
    /// for clients whose streams a proxy cuts short. Every tab on a run shares one reader of it.
    /// </summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="request">The request.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stream or the long poll's answer, or 404.</returns>
    public Task<IResult> GetRunEventsAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiGuard.RunAsync(request, this.logger, () => this.EventsAsync(() => client, request, id, cancellationToken));

    private async Task<IResult> LayoutAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (RunsApi.BadId(id) is { } bad)
        {
            return bad;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var graph = this.layouts.GraphOf(id);
        if (graph is null)
        {
            try
            {
                graph = (await RunCatalog.LoadAsync(client, id, cancellationToken).ConfigureAwait(false)).Run.Graph;
            }
            catch (RunNotFoundException)
            {
                return RunsApi.NoSuchRun(id);
            }

            this.layouts.Remember(id, graph);
        }

        var loaded = clock.Elapsed.TotalMilliseconds;
        var (key, json) = this.layouts.Get(graph);
        var timing = FormattableString.Invariant($"load;dur={loaded:0.#}, layout;dur={clock.Elapsed.TotalMilliseconds - loaded:0.#}");
        return new LayoutResult(key, json, request.Headers.IfNoneMatch.ToString()) { Timing = timing };
    }

    private async Task<IResult> StepAsync(DurableTaskClient client, string id, string step, CancellationToken cancellationToken)
    {
        if ((RunsApi.BadId(id) ?? RunsApi.BadName(step, "step")) is { } bad)
        {
            return bad;
        }

        try
        {
            return Results.Json(await this.catalog.GetStepAsync(client, id, step, cancellationToken).ConfigureAwait(false), ApiJson.Options);
        }
        catch (RunNotFoundException)
        {
            return RunsApi.NoSuchRun(id);
        }
        catch (NotFoundException e)
        {
            return ApiProblem.NotFound(e.Message);
        }
    }
}
