using System.Text;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Net.Http.Headers;

namespace Bazaar.Http;

/// <summary><c>POST /api/runs</c>: reading the graph (and the inputs) and starting the run.</summary>
public sealed partial class RunsApi
{
    private const string Formats =
        "Send the graph as YAML (Content-Type: application/yaml) or JSON (application/json), " +
        "or as multipart/form-data with a 'graph' part first and one part per graph input.";

    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    private async Task<IResult> StartAsync(DurableTaskClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.MediaType.Value is not { } type)
        {
            return ApiProblem.Unsupported(request.ContentType is null ? $"The request has no Content-Type. {Formats}" : $"The Content-Type '{request.ContentType}' is not valid. {Formats}");
        }

        if (ReadRunOptions(request.Query) is not { } runOptions)
        {
            return ApiProblem.BadRequest(
                "The query is not valid: maxParallel must be a whole number from 1 to 1000, and failurePolicy failFast or continue.");
        }

        var multipart = type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        var limit = multipart ? options.Value.MaxUploadBytes : options.Value.MaxGraphBytes;
        if (request.ContentLength > limit)
        {
            return ApiProblem.TooLarge($"The body is {request.ContentLength} bytes; this server accepts at most {limit} bytes {(multipart ? "for a graph with its inputs" : "for a graph")}.");
        }

        if (multipart)
        {
            return await this.StartMultipartAsync(client, request, mediaType, runOptions, cancellationToken).ConfigureAwait(false);
        }

        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !YamlTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return ApiProblem.Unsupported($"The Content-Type '{type}' is not supported. {Formats}");
        }

        var (text, problem) = await ReadTextAsync(request.Body, options.Value.MaxGraphBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (graph, graphProblem) = this.ParseGraph(text!, isJson);
        if (graph is null)
        {
            return graphProblem!;
        }

        if (graph.Inputs.Count > 0)
        {
            return ApiProblem.BadRequest(
                $"Graph '{graph.Name}' needs input{(graph.Inputs.Count > 1 ? "s" : string.Empty)} {string.Join(", ", graph.Inputs.Select(i => $"'{i}'"))}: " +
                "send multipart/form-data with a 'graph' part first and one file part per input (a directory as an application/x-tar part).");
        }

        var runId = RunIds.New(graph.Name, clock);
        return await this.ScheduleAsync(client, request, graph, runId, [], runOptions, cancellationToken).ConfigureAwait(false);
    }

    private Task<IResult> ScheduleAsync(
        DurableTaskClient client, HttpRequest request, GraphDefinition graph, string runId, List<string> inputs, RunOptions runOptions, CancellationToken cancellationToken) =>
        this.ScheduleAsync(client, request, new RunRequest { RunId = runId, Graph = graph, Inputs = inputs, Options = runOptions }, cancellationToken);

    private async Task<IResult> ScheduleAsync(DurableTaskClient client, HttpRequest request, RunRequest run, CancellationToken cancellationToken)
    {
        await client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, run, new StartOrchestrationOptions { InstanceId = run.RunId }, cancellationToken).ConfigureAwait(false);
        Logs.ApiRunStarted(logger, run.RunId, run.Graph.Name, run.Inputs.Count);
        var links = LinksOf(request, run.RunId);
        return Results.Accepted(links.Self.ToString(), new StartedRun { Id = run.RunId, Graph = run.Graph.Name, Steps = run.Graph.Steps.Count, Links = links });
    }

    private async Task<IResult> RerunAsync(DurableTaskClient client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        // Reruns checks the run exists and has ended as it reads it: one read, and the same answers as the CLI's.
        RunRequest run;
        try
        {
            run = await Hosting.Reruns.PrepareAsync(client, refs, id, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (RunNotFoundException)
        {
            return NoSuchRun(id);
        }
        catch (RunNotEndedException e)
        {
            return ApiProblem.Conflict($"{e.Message} (POST {ApiRoutes.Prefix}/runs/{id}/cancel cancels it.)");
        }

        return await this.ScheduleAsync(client, request, run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads and checks the graph once: 413 when it expands past what a graph may hold (an alias
    /// bomb, refused before it is built), 400 listing every problem, or 400 when a step asks for a
    /// host variable this host does not share (<see cref="BazaarOptions.ShareableSecrets"/>).
    /// </summary>
    private (GraphDefinition? Graph, ApiProblem? Problem) ParseGraph(string text, bool isJson)
    {
        GraphDefinition graph;
        try
        {
            graph = GraphFile.Parse(text, isJson ? "graph.json" : "graph.yaml", remotes.Types);
        }
        catch (GraphTooLargeException e)
        {
            return (null, new ApiProblem(
                StatusCodes.Status413PayloadTooLarge,
                "Graph too large",
                $"The graph expands past what this server builds and was refused before it was built: {e.Problems[^1]}")
            {
                Problems = e.Problems,
            });
        }
        catch (GraphValidationException e)
        {
            return (null, GraphProblems(e.Problems));
        }

        var unshared = Remotes.ShareableSecrets.Problems(graph, bazaarOptions.Value.ShareableSecrets)
            .Select(message => new GraphProblem(message, isJson ? "graph.json" : "graph.yaml"))
            .ToList();
        return unshared.Count > 0 ? (null, GraphProblems(unshared)) : (graph, null);
    }

    private static ApiProblem GraphProblems(IReadOnlyList<GraphProblem> problems) => new(
        StatusCodes.Status400BadRequest,
        "Invalid graph",
        problems.Count == 1 ? $"The graph has a problem: {problems[0]}" : $"The graph has {problems.Count} problems; each is listed under 'problems'.")
    {
        Problems = problems,
    };

    private static RunOptions? ReadRunOptions(IQueryCollection query)
    {
        var runOptions = new RunOptions();
        if (query.TryGetValue("maxParallel", out var parallel))
        {
            if (!int.TryParse(parallel, out var value) || value is < 1 or > 1000)
            {
                return null;
            }

            runOptions = runOptions with { MaxParallel = value };
        }

        if (query.TryGetValue("failurePolicy", out var policy))
        {
            if (!Enum.TryParse<FailurePolicy>(policy, ignoreCase: true, out var value) || !Enum.IsDefined(value) || int.TryParse(policy, out _))
            {
                return null;
            }

            runOptions = runOptions with { FailurePolicy = value };
        }

        return runOptions;
    }

    /// <summary>Reads a UTF-8 body of at most <paramref name="limit"/> bytes; a problem when it is longer, empty or not UTF-8.</summary>
    private static async Task<(string? Text, ApiProblem? Problem)> ReadTextAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, ApiProblem.TooLarge($"The graph is larger than this server accepts ({limit} bytes)."));
            }

            buffer.Write(chunk, 0, read);
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiProblem.BadRequest("The graph is not valid UTF-8 text."));
        }

        text = text.TrimStart('\uFEFF');
        return string.IsNullOrWhiteSpace(text)
            ? (null, ApiProblem.BadRequest($"The body is empty. {Formats}"))
            : (text, null);
    }
}
