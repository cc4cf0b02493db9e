namespace Bazaar.Http;

/// <summary>
/// The routes of Bazaar's HTTP API, one table for both hosts: <c>bazaar serve</c> maps it and the
/// Function App's entry points are checked against it. Templates are relative to <see cref="Prefix"/>.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The path every route is under.</summary>
    public const string Prefix = "api";

    /// <summary>The runs: POST starts one, GET lists the recent ones.</summary>
    public const string Runs = "runs";

    /// <summary>One run: its state, each step's state and the products.</summary>
    public const string Run = "runs/{id}";

    /// <summary>A run's graph, coloured by step state (<c>?format=dot|mermaid</c>).</summary>
    public const string RunGraph = "runs/{id}/graph";

    /// <summary>A step's log (<c>?attempt=N</c>, the last attempt by default; <c>?offset=N</c> or <c>?tail=N</c>, <c>?limit=N</c>).</summary>
    public const string StepLog = "runs/{id}/steps/{step}/log";

    /// <summary>One step: its definition, its record so far, and its products' refs.</summary>
    public const string Step = "runs/{id}/steps/{step}";

    /// <summary>The graph's layout for the web UI, cached per graph.</summary>
    public const string RunLayout = "runs/{id}/layout";

    /// <summary>The run's live changes: Server-Sent Events, or long polls with <c>?poll=1</c>.</summary>
    public const string RunEvents = "runs/{id}/events";

    /// <summary>A product's bytes.</summary>
    public const string Product = "runs/{id}/products/{name}";

    /// <summary>Stops a run.</summary>
    public const string Cancel = "runs/{id}/cancel";

    /// <summary>Starts a new run of an ended run's graph, reusing what it made.</summary>
    public const string Rerun = "runs/{id}/rerun";

    /// <summary>
    /// A call-home agent's report, <c>{event}</c> being <c>started</c> or <c>done</c>: anonymous over HTTP,
    /// authorised by the attempt's token (<c>Authorization: Bearer</c>), which says what it is about.
    /// </summary>
    public const string Callback = "callbacks/{event}";

    /// <summary>Gets every operation of the API.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("StartRun", "POST", Runs),
        new("ListRuns", "GET", Runs),
        new("GetRun", "GET", Run),
        new("GetRunGraph", "GET", RunGraph),
        new("GetStepLog", "GET", StepLog),
        new("GetStep", "GET", Step),
        new("GetRunLayout", "GET", RunLayout),
        new("GetRunEvents", "GET", RunEvents),
        new("GetProduct", "GET", Product),
        new("CancelRun", "POST", Cancel),
        new("RerunRun", "POST", Rerun),
        new("Callback", "POST", Callback) { Anonymous = true },
    ];

    /// <summary>Gets the methods a template answers to, for a 405's <c>Allow</c> header.</summary>
    /// <param name="template">One of the templates above.</param>
    /// <returns>The methods, e.g. <c>GET, POST</c>.</returns>
    public static IReadOnlyList<string> MethodsOf(string template) =>
        All.Where(r => r.Template == template).Select(r => r.Method).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Tells whether a request is for an anonymous route, which a host's own credential check must let
    /// through: <c>POST /api/callbacks/{event}</c> and nothing else (one segment, any case, as routing matches).
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path.</param>
    /// <returns><see langword="true"/> for the callback route.</returns>
    public static bool IsAnonymous(string method, string? path)
    {
        const string Start = "/" + Prefix + "/callbacks/";
        return string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase)
            && path is not null
            && path.StartsWith(Start, StringComparison.OrdinalIgnoreCase)
            && path.Length > Start.Length
            && path.IndexOf('/', Start.Length) < 0;
    }
}
