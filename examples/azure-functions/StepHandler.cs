using System.Collections.Concurrent;
using System.Text.Json;
using Bazaar.Agent;
using Bazaar.Agent.Running;
using Bazaar.Remotes;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Examples.StepFunction;

/// <summary>
/// The step function's logic, apart from the Functions entry points so a plain Kestrel app can host it (the tests
/// do): reads a remote step protocol request, runs the attempt with bazaar-agent's code, and answers at once (200),
/// by a status URL (202 with <c>Location</c>; GET it for the answer, DELETE it to stop the step), or by calling
/// home (202 without <c>Location</c>). The Functions host checks the key before a call gets here.
/// </summary>
/// <param name="options">How it answers.</param>
public sealed class StepHandler(StepHandlerOptions options)
{
    private static readonly TimeSpan KeepEnded = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Job> jobs = new(StringComparer.Ordinal);

    /// <summary>Runs a step: the function's <c>POST</c>.</summary>
    /// <param name="request">The HTTP request; its body is the protocol's request.</param>
    /// <param name="cancellationToken">The caller went away: a step answered at once is stopped.</param>
    /// <returns>The answer.</returns>
    public async Task<JsonAnswer> RunAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var step = await ReadAsync(request, options.MaxRequestBytes, cancellationToken).ConfigureAwait(false);
        if (step.Request is not { } protocol)
        {
            return Message(400, step.Error!);
        }

        var mode = options.Mode;
        if (mode == StepMode.Auto)
        {
            mode = protocol.Deadline - DateTimeOffset.UtcNow <= options.SyncLimit ? StepMode.Sync : protocol.CallHome is null ? StepMode.Async : StepMode.CallHome;
        }

        switch (mode)
        {
            case StepMode.CallHome when protocol.CallHome is null:
                return Message(400, "this function answers by calling home, and the request offers no callback; run the step on a Bazaar host that takes calls (BAZAAR_CALLBACK_URL)");

            case StepMode.CallHome:
                // The agent's code calls home "started" and "done" itself; the function's call ends now.
                this.Start(protocol);
                return new JsonAnswer(202);

            case StepMode.Async:
                var id = this.Start(protocol with { CallHome = null });
                return new JsonAnswer(202, Location: StatusUrl(request, id), RetryAfter: options.RetryAfter);

            default:
                using (var signals = new AgentSignals(listen: false))
                using (cancellationToken.Register(signals.Stop))
                {
                    var response = await StepAgent.ServeAsync(protocol with { CallHome = null }, this.AgentOptions(), signals, TextWriter.Null, Console.Error).ConfigureAwait(false);
                    return Answer(response);
                }
        }
    }

    /// <summary>A status URL's <c>GET</c>: 202 while the step runs, then 200 with the response.</summary>
    /// <param name="request">The HTTP request, for the URL it answers at.</param>
    /// <param name="id">The job.</param>
    /// <returns>The answer.</returns>
    public JsonAnswer Status(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!this.jobs.TryGetValue(id, out var job))
        {
            return Message(404, $"no step '{id}' here: it ended over an hour ago, or ran on another instance of the app");
        }

        if (job.Run.IsFaulted)
        {
            // The agent's code answers its own failures; what escaped it still ends the step, in words.
            return Answer(new RemoteStepResponse { ExitCode = AgentFailure.ExitCode, Message = $"the function failed: {job.Run.Exception?.GetBaseException().Message}" });
        }

        return job.Run.IsCompleted
            ? Answer(job.Run.Result)
            : new JsonAnswer(202, Location: new Uri(request.Scheme + "://" + request.Host + request.PathBase + request.Path), RetryAfter: options.RetryAfter);
    }

    /// <summary>A status URL's <c>DELETE</c>: stops the step; its status then answers how it ended.</summary>
    /// <param name="id">The job.</param>
    /// <returns>The answer.</returns>
    public JsonAnswer Cancel(string id)
    {
        if (!this.jobs.TryGetValue(id, out var job))
        {
            return Message(404, $"no step '{id}' here");
        }

        job.Signals.Stop();
        return new JsonAnswer(202);
    }

    private static JsonAnswer Answer(RemoteStepResponse response) =>
        new(200, JsonSerializer.Serialize(response, AgentJson.Default.RemoteStepResponse));

    private static JsonAnswer Message(int status, string message) =>
        new(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }));

    private static Uri StatusUrl(HttpRequest request, string id) =>
        new(request.Scheme + "://" + request.Host + request.PathBase + request.Path.Value!.TrimEnd('/') + "/status/" + id);

    private static async Task<(RemoteStepRequest? Request, string? Error)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, $"the request is larger than {limit} bytes; a remote step protocol request carries URLs, never product bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.ToArray(), AgentJson.Default.RemoteStepRequest) is { } parsed
                ? (parsed, null)
                : (null, "the request is null");
        }
        catch (JsonException ex)
        {
            // The position, never the value: the request holds URLs with signatures.
            return (null, $"the request is not a remote step protocol request ({ex.Message})");
        }
    }

    private AgentOptions AgentOptions() => new() { Grace = options.Grace, InHost = true };

    /// <summary>Starts an attempt that outlives this call; it is kept an hour after it ends, for its status URL.</summary>
    private string Start(RemoteStepRequest request)
    {
        foreach (var (old, ended) in this.jobs.Where(j => j.Value.EndedAt is { } at && DateTimeOffset.UtcNow - at > KeepEnded))
        {
            if (this.jobs.TryRemove(old, out _))
            {
                ended.Signals.Dispose();
            }
        }

        var id = Guid.NewGuid().ToString("N");
        var signals = new AgentSignals(listen: false);
        var job = new Job(signals);
        job.Run = Task.Run(async () =>
        {
            try
            {
                return await StepAgent.ServeAsync(request, this.AgentOptions(), signals, TextWriter.Null, Console.Error).ConfigureAwait(false);
            }
            finally
            {
                job.EndedAt = DateTimeOffset.UtcNow;
            }
        });
        this.jobs[id] = job;
        return id;
    }

    private sealed class Job(AgentSignals signals)
    {
        public AgentSignals Signals { get; } = signals;

        public Task<RemoteStepResponse> Run { get; set; } = Task.FromResult(new RemoteStepResponse());

        public DateTimeOffset? EndedAt { get; set; }
    }
}
