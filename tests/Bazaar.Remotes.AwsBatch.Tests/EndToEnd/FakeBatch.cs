using System.Collections.Concurrent;
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

namespace Bazaar.Remotes.AwsBatch.Tests.EndToEnd;

/// <summary>
/// A Batch-shaped control plane on loopback (REST-JSON: <c>POST /v1/submitjob</c>, <c>describejobs</c>,
/// <c>terminatejob</c>, <c>listjobs</c>), backed by the local Docker engine: SubmitJob starts the job definition's image
/// as a container (host network, <c>BAZAAR_AGENT_REQUEST</c> from the container override, passed through the
/// environment), DescribeJobs answers from <c>docker inspect</c> in Batch's shape, TerminateJob is <c>docker stop</c>.
/// It checks that each call is SigV4-signed for batch and each body fits botocore's model (where botocore is installed),
/// and can throttle SubmitJob or leave a job RUNNABLE for want of capacity.
/// </summary>
internal sealed class FakeBatch : IAsyncDisposable
{
    public const string Queue = "bazaar";
    public const string Definition = "bazaar-agent:1";
    private const string Capacity = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [m5.large]";
    private readonly ConcurrentDictionary<string, FakeJob> jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();
    private readonly string prefix = "batch-fake-" + Guid.NewGuid().ToString("N")[..8] + "-";
    private readonly BotocoreModel? model = BotocoreModel.Missing is null ? BotocoreModel.Load("batch") : null;
    private readonly string image;
    private WebApplication app = null!;
    private int throttle;
    private int stuck;

    private FakeBatch(string image) => this.image = image;

    /// <summary>Gets Batch's address.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets the calls in order: <c>SubmitJob name</c>, <c>SubmitJob 429</c>, <c>DescribeJobs name</c>, <c>TerminateJob name</c>, <c>ListJobs name</c>.</summary>
    public IReadOnlyList<string> Calls => [.. this.calls];

    public static async Task<FakeBatch> StartAsync(string image)
    {
        var fake = new FakeBatch(image);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        fake.app = builder.Build();
        fake.app.MapPost("/v1/{operation}", (string operation, HttpRequest request) => fake.HandleAsync(operation, request));
        await fake.app.StartAsync();
        fake.Endpoint = new Uri(fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    /// <summary>Answers the next <paramref name="count"/> SubmitJob calls with 429 TooManyRequestsException.</summary>
    public void ThrottleSubmit(int count) => Interlocked.Exchange(ref this.throttle, count);

    /// <summary>Leaves the next job RUNNABLE for want of capacity, never started.</summary>
    public void NextJobFindsNoCapacity() => Interlocked.Exchange(ref this.stuck, 1);

    /// <summary>Gets the id of the job of a name, or <see langword="null"/>.</summary>
    public string? JobNamed(string name) => this.jobs.Values.FirstOrDefault(j => j.Name == name)?.Id;

    /// <summary>Waits until the job of a name runs.</summary>
    public async Task WaitRunningAsync(string name, CancellationToken cancellationToken)
    {
        while (this.jobs.Values.FirstOrDefault(j => j.Name == name) is not { } job || (await Inspect(this.prefix + job.Id))?.Status != "running")
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Gets a value indicating whether the job's container runs.</summary>
    public async Task<bool> RunningAsync(string id) => (await Inspect(this.prefix + id))?.Status == "running";

    public async ValueTask DisposeAsync()
    {
        foreach (var job in this.jobs.Values)
        {
            await DockerAsync(["rm", "-f", this.prefix + job.Id], null);
        }

        await this.app.DisposeAsync();
    }

    private static async Task<(int Code, string Output)> DockerAsync(string[] args, IDictionary<string, string>? environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo("docker", args) { RedirectStandardOutput = true, RedirectStandardError = true };
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

    private static async Task<(string Status, int ExitCode)?> Inspect(string container)
    {
        var (code, output) = await DockerAsync(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container], null);
        if (code != 0)
        {
            return null;
        }

        var parts = output.Trim().Split(' ');
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static ErrorResult Error(string type, string message, int status) => new(type, message, status);

    private async Task<IResult> HandleAsync(string path, HttpRequest request)
    {
        var operations = new Dictionary<string, string> { ["submitjob"] = "SubmitJob", ["describejobs"] = "DescribeJobs", ["terminatejob"] = "TerminateJob", ["listjobs"] = "ListJobs" };
        if (!operations.TryGetValue(path, out var operation))
        {
            return Error("ClientException", $"no operation {path}", 404);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", StringComparison.Ordinal) || !authorization.Contains("/us-east-1/batch/aws4_request", StringComparison.Ordinal))
        {
            this.calls.Enqueue($"{operation} 403");
            return Error("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
        }

        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        if (this.model?.Problems(operation, body) is { Count: > 0 } problems)
        {
            this.calls.Enqueue($"{operation} 400");
            return Error("ClientException", string.Join("; ", problems), 400);
        }

        return operation switch
        {
            "SubmitJob" => await this.SubmitAsync(body),
            "DescribeJobs" => await this.DescribeJobsAsync(body),
            "TerminateJob" => await this.TerminateAsync(body),
            _ => await this.ListAsync(body),
        };
    }

    private async Task<IResult> SubmitAsync(JsonObject body)
    {
        if (Interlocked.Decrement(ref this.throttle) >= 0)
        {
            this.calls.Enqueue("SubmitJob 429");
            return Error("TooManyRequestsException", "Too Many Requests", 429);
        }

        var name = (string)body["jobName"]!;
        this.calls.Enqueue($"SubmitJob {name}");
        if ((string)body["jobQueue"]! != Queue || (string)body["jobDefinition"]! != Definition)
        {
            return Error("ClientException", $"Job Queue {body["jobQueue"]} or job definition {body["jobDefinition"]} is not valid", 400);
        }

        var job = new FakeJob(Guid.NewGuid().ToString(), name, body["tags"]!.DeepClone().AsObject(), DateTimeOffset.UtcNow) { Stuck = Interlocked.Exchange(ref this.stuck, 0) == 1 };
        this.jobs[job.Id] = job;
        if (!job.Stuck)
        {
            var request = (string)body["containerOverrides"]!["environment"]!.AsArray().Single(v => (string?)v!["name"] == "BAZAAR_AGENT_REQUEST")!["value"]!;
            var (code, output) = await DockerAsync(
                ["run", "-d", "--name", this.prefix + job.Id, "--network", "host", "-e", "BAZAAR_AGENT_REQUEST", this.image],
                new Dictionary<string, string> { ["BAZAAR_AGENT_REQUEST"] = request });
            if (code != 0)
            {
                return Error("ServerException", output, 500);
            }
        }

        return Results.Json(new JsonObject { ["jobArn"] = $"arn:aws:batch:us-east-1:123456789012:job/{job.Id}", ["jobName"] = name, ["jobId"] = job.Id });
    }

    private async Task<IResult> DescribeJobsAsync(JsonObject body)
    {
        var found = new JsonArray();
        foreach (var id in body["jobs"]!.AsArray().Select(j => (string)j!))
        {
            if (this.jobs.TryGetValue(id, out var job))
            {
                this.calls.Enqueue($"DescribeJobs {job.Name}");
                found.Add(await this.DescribeAsync(job));
            }
        }

        return Results.Json(new JsonObject { ["jobs"] = found });
    }

    private async Task<IResult> TerminateAsync(JsonObject body)
    {
        var id = (string)body["jobId"]!;
        if (!this.jobs.TryGetValue(id, out var job))
        {
            return Error("ClientException", $"Job {id} not found", 400);
        }

        this.calls.Enqueue($"TerminateJob {job.Name}");
        job.Terminated ??= (string)body["reason"]!;
        await DockerAsync(["stop", "-t", "2", this.prefix + id], null);
        return Results.Json(new JsonObject());
    }

    private async Task<IResult> ListAsync(JsonObject body)
    {
        var name = (string?)body["filters"]?[0]?["values"]?[0];
        this.calls.Enqueue($"ListJobs {name}");
        var list = new JsonArray();
        foreach (var job in this.jobs.Values.Where(j => name is null || j.Name == name || (name.EndsWith('*') && j.Name.StartsWith(name[..^1], StringComparison.Ordinal))))
        {
            var described = await this.DescribeAsync(job);
            list.Add(new JsonObject { ["jobId"] = job.Id, ["jobName"] = job.Name, ["status"] = described["status"]!.DeepClone(), ["createdAt"] = described["createdAt"]!.DeepClone() });
        }

        return Results.Json(new JsonObject { ["jobSummaryList"] = list });
    }

    private async Task<JsonObject> DescribeAsync(FakeJob job)
    {
        var container = new JsonObject { ["image"] = this.image };
        var described = new JsonObject
        {
            ["jobArn"] = $"arn:aws:batch:us-east-1:123456789012:job/{job.Id}",
            ["jobName"] = job.Name,
            ["jobId"] = job.Id,
            ["jobQueue"] = $"arn:aws:batch:us-east-1:123456789012:job-queue/{Queue}",
            ["jobDefinition"] = $"arn:aws:batch:us-east-1:123456789012:job-definition/{Definition}",
            ["createdAt"] = job.Created.ToUnixTimeMilliseconds(),
            ["tags"] = job.Tags.DeepClone(),
            ["container"] = container,
        };
        var state = job.Stuck ? null : await Inspect(this.prefix + job.Id);
        if (job.Stuck)
        {
            described["status"] = job.Terminated is null ? "RUNNABLE" : "FAILED";
            described["statusReason"] = job.Terminated ?? Capacity;
        }
        else if (state is { Status: "exited" or "dead" } ended)
        {
            described["status"] = ended.ExitCode == 0 && job.Terminated is null ? "SUCCEEDED" : "FAILED";
            described["statusReason"] = job.Terminated ?? "Essential container in task exited";
            container["exitCode"] = ended.ExitCode;
        }
        else
        {
            described["status"] = state is { Status: "running" } ? "RUNNING" : "STARTING";
        }

        return described;
    }

    private sealed class FakeJob(string id, string name, JsonObject tags, DateTimeOffset created)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public JsonObject Tags { get; } = tags;

        public DateTimeOffset Created { get; } = created;

        public bool Stuck { get; init; }

        public string? Terminated { get; set; }
    }

    /// <summary>An error as Batch answers one: the type in <c>x-amzn-ErrorType</c>, the message in the body.</summary>
    private sealed class ErrorResult(string type, string message, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazonaws.batch.v20160810/";
            return httpContext.Response.WriteAsJsonAsync(new { message });
        }
    }
}
