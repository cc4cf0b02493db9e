using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AwsEcs.Tests.EndToEnd;

/// <summary>
/// An ECS-shaped control plane on loopback (JSON 1.1: <c>POST /</c> with <c>X-Amz-Target</c>), backed by the local Docker
/// engine: <c>RunTask</c> starts the task definition's image as a container (host network, <c>BAZAAR_AGENT_REQUEST</c>
/// from the container override, passed through the environment, never the command line), <c>DescribeTasks</c> answers
/// from <c>docker inspect</c> in ECS's shape, <c>StopTask</c> is <c>docker stop</c>, <c>ListTasks</c> filters by cluster,
/// <c>startedBy</c> and desired status. It checks that each call is SigV4-signed for ecs, that RunTask's body fits
/// botocore's model (where botocore is installed), honours <c>clientToken</c>, and can throttle, refuse to place a task
/// (<c>failures[]</c>) or make a task that never starts (STOPPED, TaskFailedToStart, no exit code).
/// </summary>
internal sealed class FakeEcs : IAsyncDisposable
{
    public const string Account = "123456789012";
    public const string Cluster = "bazaar";
    public const string TaskDefinition = "bazaar-agent:1";
    private readonly ConcurrentDictionary<string, FakeTask> tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();
    private readonly string prefix = "ecs-fake-" + Guid.NewGuid().ToString("N")[..8] + "-";
    private readonly BotocoreModel? model = BotocoreModel.Missing is null ? BotocoreModel.Load("ecs") : null;
    private readonly string image;
    private WebApplication app = null!;
    private int throttle;
    private string? placementFailure;
    private string? startFailure;

    private FakeEcs(string image) => this.image = image;

    /// <summary>Gets ECS's address.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets the calls in order: <c>RunTask id</c>, <c>RunTask 400 ThrottlingException</c>, <c>DescribeTasks id</c>, <c>StopTask id</c>, <c>ListTasks</c>.</summary>
    public IReadOnlyList<string> Calls => [.. this.calls];

    public static async Task<FakeEcs> StartAsync(string image)
    {
        var fake = new FakeEcs(image);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        fake.app = builder.Build();
        fake.app.MapPost("/", (HttpRequest request) => fake.HandleAsync(request));
        await fake.app.StartAsync();
        fake.Endpoint = new Uri(fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    /// <summary>Answers the next <paramref name="count"/> RunTask calls with 400 ThrottlingException.</summary>
    public void ThrottleRunTask(int count) => Interlocked.Exchange(ref this.throttle, count);

    /// <summary>Answers the next RunTask with 200 and only <c>failures[]</c>, with this reason.</summary>
    public void FailNextPlacement(string reason) => this.placementFailure = reason;

    /// <summary>Makes the next task one that never starts: STOPPED, TaskFailedToStart, this reason, no exit code.</summary>
    public void FailNextStart(string reason) => this.startFailure = reason;

    /// <summary>Gets the Docker container of a task.</summary>
    public string ContainerOf(string taskArn) => this.prefix + taskArn[(taskArn.LastIndexOf('/') + 1)..];

    /// <summary>Waits until the task's container runs.</summary>
    public async Task WaitRunningAsync(string startedBy, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (this.tasks.Values.FirstOrDefault(t => t.StartedBy == startedBy) is { } task && (await Inspect(this.ContainerOf(task.Arn)))?.Status == "running")
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Gets the task a <c>startedBy</c> started, or <see langword="null"/>.</summary>
    public string? TaskStartedBy(string startedBy) => this.tasks.Values.FirstOrDefault(t => t.StartedBy == startedBy)?.Arn;

    /// <summary>Gets a value indicating whether the task's container still runs.</summary>
    public async Task<bool> RunningAsync(string taskArn) => (await Inspect(this.ContainerOf(taskArn)))?.Status == "running";

    public async ValueTask DisposeAsync()
    {
        foreach (var task in this.tasks.Values)
        {
            await DockerAsync(["rm", "-f", this.ContainerOf(task.Arn)], null);
        }

        await this.app.DisposeAsync();
    }

    private static async Task<(int Code, string Output)> DockerAsync(string[] args, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("docker", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var docker = System.Diagnostics.Process.Start(start)!;
        var output = docker.StandardOutput.ReadToEndAsync();
        var errors = docker.StandardError.ReadToEndAsync();
        await docker.WaitForExitAsync();
        return (docker.ExitCode, (await output) + (await errors));
    }

    private static async Task<DockerState?> Inspect(string container)
    {
        var (code, output) = await DockerAsync(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container], null);
        if (code != 0)
        {
            return null;
        }

        var parts = output.Trim().Split(' ');
        return new DockerState(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static IResult Error(string type, string message, int status = 400) =>
        Results.Json(new JsonObject { ["__type"] = type, ["message"] = message }, statusCode: status, contentType: "application/x-amz-json-1.1");

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(AwsEcsRemote.TargetPrefix, StringComparison.Ordinal) ? target[AwsEcsRemote.TargetPrefix.Length..] : target;
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", StringComparison.Ordinal) || !authorization.Contains("/us-east-1/ecs/aws4_request", StringComparison.Ordinal) ||
            request.ContentType != "application/x-amz-json-1.1")
        {
            this.calls.Enqueue($"{operation} 403");
            return Error("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
        }

        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        if (this.model?.Problems(operation, body) is { Count: > 0 } problems)
        {
            this.calls.Enqueue($"{operation} 400 SerializationException");
            return Error("SerializationException", string.Join("; ", problems));
        }

        return operation switch
        {
            "RunTask" => await this.RunTaskAsync(body),
            "DescribeTasks" => await this.DescribeTasksAsync(body),
            "StopTask" => await this.StopTaskAsync(body),
            "ListTasks" => await this.ListTasksAsync(body),
            _ => Error("UnknownOperationException", $"no operation {operation}"),
        };
    }

    private async Task<IResult> RunTaskAsync(JsonObject body)
    {
        if (Interlocked.Decrement(ref this.throttle) >= 0)
        {
            this.calls.Enqueue("RunTask 400 ThrottlingException");
            return Error("ThrottlingException", "Rate exceeded");
        }

        var startedBy = (string)body["startedBy"]!;
        var token = (string?)body["clientToken"];
        if (token is not null && this.tokens.TryGetValue(token, out var known))
        {
            this.calls.Enqueue($"RunTask {startedBy} (same clientToken)");
            return Results.Content(new JsonObject { ["tasks"] = new JsonArray(await this.DescribeAsync(this.tasks[known])), ["failures"] = new JsonArray() }.ToJsonString(), "application/x-amz-json-1.1");
        }

        this.calls.Enqueue($"RunTask {startedBy}");
        if ((string)body["cluster"]! != Cluster || (string)body["taskDefinition"]! != TaskDefinition)
        {
            return Error("ClientException", $"Unable to find task definition '{body["taskDefinition"]}' in cluster '{body["cluster"]}'.");
        }

        if (Interlocked.Exchange(ref this.placementFailure, null) is { } reason)
        {
            return Results.Content($$"""{"tasks":[],"failures":[{"arn":"arn:aws:ecs:us-east-1:{{Account}}:cluster/{{Cluster}}","reason":"{{reason}}"}]}""", "application/x-amz-json-1.1");
        }

        var container = body["overrides"]!["containerOverrides"]![0]!;
        if ((string?)container["name"] != "agent")
        {
            return Error("InvalidParameterException", $"Override for container named {container["name"]} is not a container in the TaskDefinition.");
        }

        var requestJson = (string)container["environment"]!.AsArray().Single(v => (string?)v!["name"] == "BAZAAR_AGENT_REQUEST")!["value"]!;
        var arn = $"arn:aws:ecs:us-east-1:{Account}:task/{Cluster}/{Guid.NewGuid():N}";
        var task = new FakeTask(arn, startedBy, body["tags"]!.DeepClone().AsArray()) { NeverStarted = Interlocked.Exchange(ref this.startFailure, null) };
        this.tasks[arn] = task;
        if (token is not null)
        {
            this.tokens[token] = arn;
        }

        if (task.NeverStarted is null)
        {
            var (code, output) = await DockerAsync(
                ["run", "-d", "--name", this.ContainerOf(arn), "--network", "host", "-e", "BAZAAR_AGENT_REQUEST", this.image],
                new Dictionary<string, string> { ["BAZAAR_AGENT_REQUEST"] = requestJson });
            if (code != 0)
            {
                task.NeverStarted = $"CannotStartContainerError: {output.Trim()}";
            }
        }

        return Results.Content(new JsonObject { ["tasks"] = new JsonArray(await this.DescribeAsync(task)), ["failures"] = new JsonArray() }.ToJsonString(), "application/x-amz-json-1.1");
    }

    private async Task<IResult> DescribeTasksAsync(JsonObject body)
    {
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in body["tasks"]!.AsArray().Select(a => (string)a!))
        {
            this.calls.Enqueue($"DescribeTasks {this.tasks.GetValueOrDefault(arn)?.StartedBy ?? arn}");
            if (this.tasks.TryGetValue(arn, out var task))
            {
                found.Add(await this.DescribeAsync(task));
            }
            else
            {
                failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
            }
        }

        return Results.Content(new JsonObject { ["tasks"] = found, ["failures"] = failures }.ToJsonString(), "application/x-amz-json-1.1");
    }

    private async Task<IResult> StopTaskAsync(JsonObject body)
    {
        var arn = (string)body["task"]!;
        if (!this.tasks.TryGetValue(arn, out var task))
        {
            this.calls.Enqueue($"StopTask {arn}");
            return Error("InvalidParameterException", "The referenced task was not found.");
        }

        this.calls.Enqueue($"StopTask {task.StartedBy}");
        task.StopReason ??= (string?)body["reason"] ?? "Task stopped by user";
        await DockerAsync(["stop", "-t", "2", this.ContainerOf(arn)], null);
        return Results.Content(new JsonObject { ["task"] = await this.DescribeAsync(task) }.ToJsonString(), "application/x-amz-json-1.1");
    }

    private async Task<IResult> ListTasksAsync(JsonObject body)
    {
        this.calls.Enqueue($"ListTasks {(string?)body["startedBy"]}".TrimEnd());
        var desired = (string?)body["desiredStatus"] ?? "RUNNING";
        var startedBy = (string?)body["startedBy"];
        var arns = new JsonArray();
        foreach (var task in this.tasks.Values.Where(t => startedBy is null || t.StartedBy == startedBy))
        {
            var described = await this.DescribeAsync(task);
            if ((string?)described["desiredStatus"] == desired)
            {
                arns.Add(task.Arn);
            }
        }

        return Results.Content(new JsonObject { ["taskArns"] = arns }.ToJsonString(), "application/x-amz-json-1.1");
    }

    private async Task<JsonObject> DescribeAsync(FakeTask task)
    {
        var container = new JsonObject { ["name"] = "agent", ["taskArn"] = task.Arn };
        var described = new JsonObject
        {
            ["taskArn"] = task.Arn,
            ["clusterArn"] = $"arn:aws:ecs:us-east-1:{Account}:cluster/{Cluster}",
            ["taskDefinitionArn"] = $"arn:aws:ecs:us-east-1:{Account}:task-definition/{TaskDefinition}",
            ["startedBy"] = task.StartedBy,
            ["launchType"] = "FARGATE",
            ["tags"] = task.Tags.DeepClone(),
            ["containers"] = new JsonArray(container),
        };
        string last;
        if (task.NeverStarted is { } why)
        {
            last = "STOPPED";
            described["stopCode"] = "TaskFailedToStart";
            described["stoppedReason"] = why;
            container["reason"] = why;
        }
        else
        {
            var state = await Inspect(this.ContainerOf(task.Arn));
            if (state is { Status: "exited" or "dead" })
            {
                last = "STOPPED";
                container["exitCode"] = state.ExitCode;
                described["stopCode"] = task.StopReason is null ? "EssentialContainerExited" : "UserInitiated";
                described["stoppedReason"] = task.StopReason ?? "Essential container in task exited";
            }
            else
            {
                last = state is { Status: "running" } ? "RUNNING" : "PENDING";
            }
        }

        container["lastStatus"] = last;
        described["lastStatus"] = last;
        described["desiredStatus"] = last == "STOPPED" || task.StopReason is not null ? "STOPPED" : "RUNNING";
        return described;
    }

    private sealed record DockerState(string Status, int ExitCode);

    private sealed class FakeTask(string arn, string startedBy, JsonArray tags)
    {
        public string Arn { get; } = arn;

        public string StartedBy { get; } = startedBy;

        public JsonArray Tags { get; } = tags;

        public string? NeverStarted { get; set; }

        public string? StopReason { get; set; }
    }
}
