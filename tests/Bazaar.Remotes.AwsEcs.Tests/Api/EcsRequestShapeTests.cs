using System.Net;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsEcs.Tests.Api;

/// <summary>
/// Every body Bazaar sends to ECS, checked against the ECS model botocore ships with the AWS CLI
/// (<c>botocore/data/ecs/2014-11-13/service-2.json</c>): members, required ones, types, enums and bounds.
/// </summary>
public sealed class EcsRequestShapeTests : IDisposable
{
    private readonly RecordingEcs ecs = new();
    private readonly TempDirectory temp = new();

    /// <summary>Gets what this machine lacks to read botocore's models, if anything.</summary>
    public static string? MissingBackend => BotocoreModel.Missing;

    [BackendFact]
    public void Model_TargetAndSigningName_AreThoseTheRemoteUses()
    {
        var model = BotocoreModel.Load("ecs");

        Assert.Equal(AwsEcsRemote.TargetPrefix, (string)model.Metadata["targetPrefix"]! + ".");
        Assert.Equal(AwsEcsRemote.SigningService, model.SigningName);
        Assert.Equal(("json", "1.1"), ((string)model.Metadata["protocol"]!, (string)model.Metadata["jsonVersion"]!));
    }

    [BackendFact]
    public async Task EveryCall_BodiesFitTheModel()
    {
        var model = BotocoreModel.Load("ecs");
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(arn, "PENDING")))
            .Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(arn, "PENDING")))
            .Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(arn, "RUNNING")))
            .Then(HttpStatusCode.OK, $$"""{"task":{{EcsAnswers.Task(arn, "STOPPING")}}}""")
            .Then(HttpStatusCode.OK, $$"""{"taskArns":["{{arn}}"],"nextToken":"n"}""")
            .Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(arn, "RUNNING")));
        using var remote = this.ecs.CreateRemote(o => o.Clusters.Add("gpu"));
        var fargate = this.Context("""{ "cpu": 2048, "memory": 4096, "assignPublicIp": true }""");
        var provider = this.Context("""{ "cluster": "gpu", "capacityProvider": "FARGATE_SPOT", "containerName": "main" }""");

        await remote.SubmitAsync(fargate, RecordingEcs.Request(fargate), TestTimeout.Token());
        await remote.SubmitAsync(provider, RecordingEcs.Request(provider), TestTimeout.Token());
        await remote.DescribeAsync(RecordingEcs.Remote(), arn, TestTimeout.Token());
        await remote.CancelAsync(RecordingEcs.Remote(), arn, TestTimeout.Token());
        await foreach (var unused in remote.ListAsync(TestTimeout.Token()))
        {
        }

        var operations = this.ecs.Requests.Select(r => r.Operation).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["DescribeTasks", "ListTasks", "RunTask", "StopTask"], operations);
        Assert.All(this.ecs.Requests, r => Assert.True(model.Problems(r.Operation, r.Body).Count == 0, $"{r.Operation} {r.Body}: {string.Join("; ", model.Problems(r.Operation, r.Body))} ({BotocoreModel.Describe}; RunTask's clientToken is in botocore's ECS model since 2023)"));
    }

    [BackendFact]
    public void Checker_BodyThatBreaksTheModel_ReportsEachProblem()
    {
        // The check above would pass on a checker that finds nothing: a body with known faults must be refused.
        var model = BotocoreModel.Load("ecs");
        var body = System.Text.Json.Nodes.JsonNode.Parse("""{ "cluster": 1, "launchType": "LAMBDA", "overrides": { "containerOverrides": [ { "nmae": "agent" } ] } }""");

        var problems = model.Problems("RunTask", body);

        Assert.Contains(problems, p => p.StartsWith("$.cluster must be a string", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.launchType is 'LAMBDA'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.overrides.containerOverrides[0].nmae is not a member", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.taskDefinition is required", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        this.ecs.Dispose();
        this.temp.Dispose();
    }

    private StepContext Context(string settings) => TestStepContext.Create(
        new StepDefinition { Name = "far", Run = StepCommand.FromArgs("true"), Remote = RecordingEcs.Remote(settings) },
        new FakeStepWorkspace(this.temp.Path),
        new RecordingStepLog());
}
