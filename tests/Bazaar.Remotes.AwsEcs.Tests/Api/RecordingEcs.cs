using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Bazaar.Graphs;
using Bazaar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsEcs.Tests.Api;

/// <summary>
/// ECS as an HTTP handler under the remote's real client (signing, retries): records each request Bazaar sends and
/// answers from a script, so a test checks the requests' shapes and how answers are read.
/// </summary>
internal sealed class RecordingEcs : HttpMessageHandler
{
    public const string Account = "123456789012";
    public const string Cluster = "bazaar";
    public const string TaskDefinition = "bazaar-agent:3";
    public const string Subnet = "subnet-0123456789abcdef0";
    public const string SecurityGroup = "sg-0123456789abcdef0";

    private readonly ConcurrentQueue<Func<RecordedCall, HttpResponseMessage>> script = new();

    public List<RecordedCall> Requests { get; } = [];

    /// <summary>Gets the answer when the script is empty: no tasks.</summary>
    public Func<RecordedCall, HttpResponseMessage> Otherwise { get; set; } = _ => Json(HttpStatusCode.OK, """{"taskArns":[],"tasks":[],"failures":[]}""");

    public static string TaskArn(string id = "0123456789abcdef0123456789abcdef", string cluster = Cluster) => $"arn:aws:ecs:us-east-1:{Account}:task/{cluster}/{id}";

    public RecordingEcs Then(Func<RecordedCall, HttpResponseMessage> answer)
    {
        this.script.Enqueue(answer);
        return this;
    }

    public RecordingEcs Then(HttpStatusCode status, string body = "{}", params (string Name, string Value)[] headers) =>
        this.Then(_ => Json(status, body, headers));

    public static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    /// <summary>Makes the remote under test, pointed at this handler, with fast retries and fixed credentials.</summary>
    public AwsEcsRemote CreateRemote(Action<AwsEcsRemoteOptions>? configure = null, IDictionary<string, string>? environment = null)
    {
        var options = new AwsEcsRemoteOptions
        {
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            Region = "us-east-1",
            Cluster = Cluster,
            TaskDefinition = TaskDefinition,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        options.Subnets.Add(Subnet);
        options.SecurityGroups.Add(SecurityGroup);
        configure?.Invoke(options);
        return new AwsEcsRemote(Options.Create(options), NullLogger<AwsEcsRemote>.Instance, TimeProvider.System)
        {
            Handler = this,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };
    }

    public static RemoteDefinition Remote(string settings = "{}") => new()
    {
        Type = "aws-ecs",
        Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settings)!,
    };

    public static RemoteStepRequest Request(StepContext context) => new()
    {
        RunId = context.RunId,
        Step = context.Step.Name,
        Attempt = context.Attempt,
        Run = JsonSerializer.SerializeToElement(new[] { "true" }),
        Env = context.Environment,
        Inputs = new Dictionary<string, RemoteStepInput>(),
        Outputs = new Dictionary<string, RemoteStepOutput>(),
        Deadline = DateTimeOffset.UtcNow.AddMinutes(5),
        CallHome = new RemoteStepCallHome(
            new CallHomeEndpoint(new Uri("https://bazaar.example/api/callbacks/started"), "t1"),
            new CallHomeEndpoint(new Uri("https://bazaar.example/api/callbacks/done"), "t2")),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var target = request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.Single() : string.Empty;
        var recorded = new RecordedCall(
            target.StartsWith(AwsEcsRemote.TargetPrefix, StringComparison.Ordinal) ? target[AwsEcsRemote.TargetPrefix.Length..] : target,
            request.Method.Method,
            request.RequestUri!,
            request.Headers.TryGetValues("Authorization", out var authorization) ? string.Join(",", authorization) : null,
            request.Content?.Headers.ContentType?.ToString(),
            JsonNode.Parse(body.Length == 0 ? "null" : body));
        lock (this.Requests)
        {
            this.Requests.Add(recorded);
        }

        return this.script.TryDequeue(out var answer) ? answer(recorded) : this.Otherwise(recorded);
    }
}

/// <summary>One call as ECS saw it.</summary>
internal sealed record RecordedCall(string Operation, string Method, Uri Uri, string? Authorization, string? ContentType, JsonNode? Body);
