using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Bazaar.Graphs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsBatch.Tests.Api;

/// <summary>
/// Batch as an HTTP handler under the remote's real client (signing, retries): records each request Bazaar sends and
/// answers from a script, so a test checks the requests' shapes and how answers are read.
/// </summary>
internal sealed class RecordingBatch : HttpMessageHandler
{
    public const string Account = "123456789012";
    public const string Queue = "bazaar";
    public const string Definition = "bazaar-agent:2";
    public const string JobId = "4c8a4b6e-2f0b-4a1e-9b5e-0c6f1b2a3d4e";

    private readonly ConcurrentQueue<Func<RecordedCall, HttpResponseMessage>> script = new();

    public List<RecordedCall> Requests { get; } = [];

    /// <summary>Gets the answer when the script is empty: no jobs.</summary>
    public Func<RecordedCall, HttpResponseMessage> Otherwise { get; set; } = _ => Json(HttpStatusCode.OK, """{"jobSummaryList":[],"jobs":[]}""");

    /// <summary>Gets or sets the time the remote's clock says it is.</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public RecordingBatch Then(Func<RecordedCall, HttpResponseMessage> answer)
    {
        this.script.Enqueue(answer);
        return this;
    }

    public RecordingBatch Then(HttpStatusCode status, string body = "{}", params (string Name, string Value)[] headers) =>
        this.Then(_ => Json(status, body, headers));

    public static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    /// <summary>Makes the remote under test, pointed at this handler, with fast retries, fixed credentials and this handler's clock.</summary>
    public AwsBatchRemote CreateRemote(Action<AwsBatchRemoteOptions>? configure = null, IDictionary<string, string>? environment = null)
    {
        var options = new AwsBatchRemoteOptions
        {
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            Region = "us-east-1",
            JobQueue = Queue,
            JobDefinition = Definition,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return new AwsBatchRemote(Options.Create(options), NullLogger<AwsBatchRemote>.Instance, new FixedClock(this))
        {
            Handler = this,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };
    }

    public static RemoteDefinition Remote(string settings = "{}") => new()
    {
        Type = "aws-batch",
        Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settings)!,
    };

    public RemoteStepRequest Request(StepContext context, TimeSpan? left = null) => new()
    {
        RunId = context.RunId,
        Step = context.Step.Name,
        Attempt = context.Attempt,
        Run = JsonSerializer.SerializeToElement(new[] { "true" }),
        Env = context.Environment,
        Inputs = new Dictionary<string, RemoteStepInput>(),
        Outputs = new Dictionary<string, RemoteStepOutput>(),
        Deadline = this.Now + (left ?? TimeSpan.FromMinutes(5)),
        CallHome = new RemoteStepCallHome(
            new CallHomeEndpoint(new Uri("https://bazaar.example/api/callbacks/started"), "t1"),
            new CallHomeEndpoint(new Uri("https://bazaar.example/api/callbacks/done"), "t2")),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var recorded = new RecordedCall(
            path.StartsWith("/v1/", StringComparison.Ordinal) ? path[4..] : path,
            request.Method.Method,
            request.RequestUri,
            request.Headers.TryGetValues("Authorization", out var authorization) ? string.Join(",", authorization) : null,
            request.Content?.Headers.ContentType?.ToString(),
            JsonNode.Parse(body.Length == 0 ? "null" : body));
        lock (this.Requests)
        {
            this.Requests.Add(recorded);
        }

        return this.script.TryDequeue(out var answer) ? answer(recorded) : this.Otherwise(recorded);
    }

    private sealed class FixedClock(RecordingBatch owner) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => owner.Now;
    }
}

/// <summary>One call as Batch saw it: the operation is the path after <c>/v1/</c> (<c>submitjob</c>).</summary>
internal sealed record RecordedCall(string Operation, string Method, Uri Uri, string? Authorization, string? ContentType, JsonNode? Body);
