using Bazaar.Functions.Http;
using Bazaar.Orchestration;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace Bazaar.Functions.Tests.Http;

public class RunsFunctionsTests : IDisposable
{
    private const string InvalidGraph = """
        name: broken
        steps:
          build:
            run: make
            consumes: [sources]
          test:
            rnu: make test
        """;

    // The app's deployments that run process steps turn the process remote on (BAZAAR_REMOTES).
    private readonly FunctionHost host = new(remotes: "process,aws-lambda");

    public void Dispose() => this.host.Dispose();

    [Fact]
    public async Task StartRun_InvalidYamlGraph_Answers400ListingEveryProblemAndSchedulesNothing()
    {
        var request = this.host.Request("POST", "/api/runs", InvalidGraph, "application/yaml");

        var answer = await FunctionHost.ExecuteAsync(await this.host.Create<RunsFunctions>().StartRun(request, this.host.Client.Object), request);

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var problems = answer.Json.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("sources", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("rnu", StringComparison.Ordinal));
        this.host.Client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task StartRun_ValidGraph_Answers202AndSchedulesRunGraphUnderTheRunId()
    {
        RunRequest? scheduled = null;
        string? instanceId = null;
        this.host.Client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((name, input, options, _) =>
            {
                Assert.Equal(BazaarTasks.RunGraph, name.Name);
                scheduled = (RunRequest)input!;
                instanceId = options?.InstanceId;
            })
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
        var graph = await File.ReadAllTextAsync(RepositoryRoot.Combine("examples/hello.yaml"), TestTimeout.Token());
        var request = this.host.Request("POST", "/api/runs", graph, "application/yaml");

        var answer = await FunctionHost.ExecuteAsync(await this.host.Create<RunsFunctions>().StartRun(request, this.host.Client.Object), request);

        Assert.Equal(202, answer.Status);
        var id = answer.Json.GetProperty("id").GetString();
        Assert.NotNull(scheduled);
        Assert.Equal("hello", scheduled.Graph.Name);
        Assert.Equal(id, scheduled.RunId);
        Assert.Equal(id, instanceId);
        Assert.Equal($"https://bazaar.example/api/runs/{id}", answer.Headers.Location.ToString());
    }

    [Fact]
    public async Task StartRun_ProcessStepsOnAnAppThatDoesNotOfferProcess_Answers400NamingIt()
    {
        using var lambdaOnly = new FunctionHost();
        var graph = await File.ReadAllTextAsync(RepositoryRoot.Combine("examples/hello.yaml"), TestTimeout.Token());
        var request = lambdaOnly.Request("POST", "/api/runs", graph, "application/yaml");

        var answer = await FunctionHost.ExecuteAsync(await lambdaOnly.Create<RunsFunctions>().StartRun(request, lambdaOnly.Client.Object), request);

        Assert.Equal(400, answer.Status);
        var problems = answer.Json.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()!);
        Assert.Contains(problems, p => p.Contains("'process'", StringComparison.Ordinal));
        lambdaOnly.Client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task GetRun_IdTheTaskHubDoesNotKnow_Answers404Problem()
    {
        this.TaskHubDoesNotKnow("nosuchrun");
        var request = this.host.Request("GET", "/api/runs/nosuchrun");

        var answer = await FunctionHost.ExecuteAsync(await this.host.Create<RunsFunctions>().GetRun(request, this.host.Client.Object, "nosuchrun"), request);

        Assert.Equal(404, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("nosuchrun", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelRun_IdTheTaskHubDoesNotKnow_Answers404AndRaisesNothing()
    {
        this.TaskHubDoesNotKnow("nosuchrun");
        var request = this.host.Request("POST", "/api/runs/nosuchrun/cancel");

        var answer = await FunctionHost.ExecuteAsync(await this.host.Create<RunsFunctions>().CancelRun(request, this.host.Client.Object, "nosuchrun"), request);

        Assert.Equal(404, answer.Status);
        this.host.Client.Verify(
            c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task GetStepLog_StepRouteValueNotAName_Answers400NamingIt()
    {
        // A bad step name is refused before anything is read, naming the value the route gave.
        var request = this.host.Request("GET", "/api/runs/run1/steps/..%2Fx/log");

        var answer = await FunctionHost.ExecuteAsync(
            await this.host.Create<RunsFunctions>().GetStepLog(request, this.host.Client.Object, "run1", "../x"), request);

        Assert.Equal(400, answer.Status);
        Assert.Contains("'../x' is not a step name", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        this.host.Client.VerifyNoOtherCalls();
    }

    private void TaskHubDoesNotKnow(string id) =>
        this.host.Client
            .Setup(c => c.GetInstanceAsync(id, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);
}
