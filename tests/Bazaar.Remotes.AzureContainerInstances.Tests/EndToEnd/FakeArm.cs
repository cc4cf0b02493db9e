using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Remotes.AzureContainerInstances.Tests.Arm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AzureContainerInstances.Tests.EndToEnd;

/// <summary>
/// An ARM-shaped control plane for container groups on loopback, backed by the local Docker engine: a PUT starts
/// the group's container from its image (host network, <c>BAZAAR_AGENT_REQUEST</c> from the secureValue, passed
/// through the environment, never the command line), a GET answers from <c>docker inspect</c> in ACI's shape, stop is
/// <c>docker stop</c>, DELETE is <c>docker rm</c> answered as a long-running operation. It checks the bearer
/// token, refuses a create-only PUT of a group that exists (412), and can throttle PUTs (429, Retry-After: 1).
/// </summary>
internal sealed class FakeArm : IAsyncDisposable
{
    public const string Token = "fake-arm-token";
    private const string GroupRoute = "/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ContainerInstance/containerGroups/{name}";
    private readonly ConcurrentDictionary<string, FakeGroup> groups = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();
    private readonly string prefix = "aci-fake-" + Guid.NewGuid().ToString("N")[..8] + "-";
    private WebApplication app = null!;
    private int throttle;

    private FakeArm()
    {
    }

    /// <summary>Gets ARM's address.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets the calls in order: <c>PUT name</c>, <c>PUT 429</c>, <c>GET name</c>, <c>stop name</c>, <c>DELETE name</c>.</summary>
    public IReadOnlyList<string> Calls => [.. this.calls];

    /// <summary>Gets or sets a value indicating whether new groups run a container that never calls home (<c>sleep</c> instead of the agent).</summary>
    public bool Silent { get; set; }

    public static async Task<FakeArm> StartAsync()
    {
        var fake = new FakeArm();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        fake.app = builder.Build();
        fake.app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { error = new { code = "InvalidAuthenticationToken", message = "bad token" } });
                return;
            }

            await next();
        });
        fake.app.MapPut(GroupRoute, (string name, HttpRequest request) => fake.PutAsync(name, request));
        fake.app.MapGet(GroupRoute, (string name) => fake.GetAsync(name));
        fake.app.MapGet(GroupRoute[..GroupRoute.LastIndexOf('/')], fake.ListAsync);
        fake.app.MapPost(GroupRoute + "/stop", (string name) => fake.StopAsync(name));
        fake.app.MapDelete(GroupRoute, (string name) => fake.DeleteAsync(name));
        fake.app.MapGet("/operations/{id}", () => Results.Json(new { status = "Succeeded" }));
        await fake.app.StartAsync();
        fake.Endpoint = new Uri(fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    /// <summary>Answers the next <paramref name="count"/> PUTs with 429.</summary>
    public void ThrottlePuts(int count) => Interlocked.Exchange(ref this.throttle, count);

    /// <summary>Gets the Docker container of a group.</summary>
    public string ContainerOf(string group) => this.prefix + group;

    /// <summary>Waits until the group's container runs.</summary>
    public async Task WaitRunningAsync(string group, CancellationToken cancellationToken)
    {
        while ((await Inspect(this.ContainerOf(group)))?.Status != "running")
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Gets the agent's request a group was created with (its secureValue), as the container got it.</summary>
    public RemoteStepRequest RequestOf(string group) =>
        JsonSerializer.Deserialize<RemoteStepRequest>(SecureRequest(this.groups[group].Body), RemoteStepProtocol.Json)!;

    /// <summary>Gets a value indicating whether the group's container still exists.</summary>
    public async Task<bool> ContainerExistsAsync(string group) => await Inspect(this.ContainerOf(group)) is not null;

    public async ValueTask DisposeAsync()
    {
        foreach (var group in this.groups.Keys)
        {
            await DockerAsync("rm", "-f", this.ContainerOf(group));
        }

        await this.app.DisposeAsync();
    }

    public static async Task<(int Code, string Output)> DockerAsync(params string[] args) => await DockerAsync(args, null);

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

    // The agent's request, from the secureValue of the agent container's BAZAAR_AGENT_REQUEST.
    private static string SecureRequest(JsonNode body) =>
        body["properties"]!["containers"]![0]!["properties"]!["environmentVariables"]!.AsArray()
            .Single(v => (string?)v!["name"] == "BAZAAR_AGENT_REQUEST")!["secureValue"]!.GetValue<string>();

    private static async Task<DockerState?> Inspect(string container)
    {
        var (code, output) = await DockerAsync("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}", container);
        if (code != 0)
        {
            return null;
        }

        var parts = output.Trim().Split(' ');
        return new DockerState(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2] == "true");
    }

    private async Task<IResult> PutAsync(string name, HttpRequest request)
    {
        if (Interlocked.Decrement(ref this.throttle) >= 0)
        {
            this.calls.Enqueue("PUT 429");
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = new { code = "TooManyRequests", message = "The request is being throttled." } }, statusCode: 429);
        }

        this.calls.Enqueue($"PUT {name}");
        if (this.groups.ContainsKey(name) && request.Headers.IfNoneMatch == "*")
        {
            return Results.Json(new { error = new { code = "PreconditionFailed", message = "The container group exists." } }, statusCode: 412);
        }

        var body = (await JsonNode.ParseAsync(request.Body))!;
        var problems = ContainerGroupShapes.Problems(body);
        if (problems.Count > 0)
        {
            return Results.Json(new { error = new { code = "InvalidRequestContent", message = string.Join("; ", problems) } }, statusCode: 400);
        }

        var container = body["properties"]!["containers"]![0]!["properties"]!;
        var image = (string)container["image"]!;
        var secure = SecureRequest(body);
        this.groups[name] = new FakeGroup(body);
        string[] run = this.Silent
            ? ["run", "-d", "--name", this.ContainerOf(name), "--network", "host", "--entrypoint", "/bin/sleep", image, "600"]
            : ["run", "-d", "--name", this.ContainerOf(name), "--network", "host", "-e", "BAZAAR_AGENT_REQUEST", image];
        var (code, output) = await DockerAsync(run, new Dictionary<string, string> { ["BAZAAR_AGENT_REQUEST"] = secure });
        if (code != 0)
        {
            return Results.Json(new { error = new { code = "InaccessibleImage", message = output } }, statusCode: 400);
        }

        request.HttpContext.Response.Headers["Azure-AsyncOperation"] = new Uri(this.Endpoint, $"operations/{name}").AbsoluteUri;
        return Results.Json(JsonNode.Parse(ContainerGroupAnswers.Group(name, "Creating", "Pending", null)), statusCode: 201);
    }

    private async Task<IResult> GetAsync(string name)
    {
        this.calls.Enqueue($"GET {name}");
        if (!this.groups.TryGetValue(name, out var known))
        {
            return Results.Json(new { error = new { code = "ResourceNotFound", message = $"The Resource 'Microsoft.ContainerInstance/containerGroups/{name}' was not found." } }, statusCode: 404);
        }

        return Results.Content(await this.AnswerAsync(name, known), "application/json");
    }

    /// <summary>The resource group's groups, as ARM lists them: one page, each group as its GET answers it.</summary>
    private async Task<IResult> ListAsync()
    {
        this.calls.Enqueue("LIST");
        var answers = new List<string>();
        foreach (var (name, known) in this.groups)
        {
            answers.Add(await this.AnswerAsync(name, known));
        }

        return Results.Content($$"""{ "value": [ {{string.Join(", ", answers)}} ] }""", "application/json");
    }

    private async Task<string> AnswerAsync(string name, FakeGroup known)
    {
        var tags = known.Body["tags"]!.ToJsonString();
        var state = await Inspect(this.ContainerOf(name));
        var answer = state switch
        {
            null => ContainerGroupAnswers.Group(name, "Succeeded", "Stopped", null, tags),
            { Status: "running" } => ContainerGroupAnswers.Group(name, "Succeeded", "Running", """{ "state": "Running", "detailStatus": "" }""", tags),
            { Status: "exited" or "dead" } s => ContainerGroupAnswers.Group(
                name,
                "Succeeded",
                s.ExitCode == 0 ? "Succeeded" : "Failed",
                $$"""{ "state": "Terminated", "exitCode": {{s.ExitCode}}, "detailStatus": "{{(s.OomKilled ? "OOMKilled" : s.ExitCode == 0 ? "Completed" : "Error")}}" }""",
                tags),
            _ => ContainerGroupAnswers.Group(name, "Creating", "Pending", """{ "state": "Waiting", "detailStatus": "ContainerCreating" }""", tags),
        };
        return answer;
    }

    private async Task<IResult> StopAsync(string name)
    {
        this.calls.Enqueue($"stop {name}");
        if (!this.groups.ContainsKey(name))
        {
            return Results.Json(new { error = new { code = "ResourceNotFound", message = "not found" } }, statusCode: 404);
        }

        await DockerAsync("stop", "-t", "2", this.ContainerOf(name));
        return Results.NoContent();
    }

    private async Task<IResult> DeleteAsync(string name)
    {
        this.calls.Enqueue($"DELETE {name}");
        if (!this.groups.TryRemove(name, out _))
        {
            return Results.NoContent();
        }

        await DockerAsync("rm", "-f", this.ContainerOf(name));
        return new AcceptedWithOperation(new Uri(this.Endpoint, $"operations/delete-{name}"));
    }

    private sealed record FakeGroup(JsonNode Body);

    private sealed record DockerState(string Status, int ExitCode, bool OomKilled);

    /// <summary>202 with Azure-AsyncOperation and Retry-After: 0, as ARM answers a deletion it runs in the background.</summary>
    private sealed class AcceptedWithOperation(Uri operation) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 202;
            httpContext.Response.Headers["Azure-AsyncOperation"] = operation.AbsoluteUri;
            httpContext.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        }
    }
}
