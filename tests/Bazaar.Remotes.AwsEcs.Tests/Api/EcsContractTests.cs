using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsEcs.Tests.Api;

/// <summary>
/// The calls Bazaar makes to ECS (JSON 1.1: one POST to the endpoint, the operation in <c>X-Amz-Target</c>, signed
/// with SigV4 for <c>ecs</c>) and how ECS's answers are read. The remote's real client runs; only the socket is
/// replaced. <see cref="EcsRequestShapeTests"/> checks the same bodies against botocore's model.
/// </summary>
public sealed class EcsContractTests : IDisposable
{
    private readonly RecordingEcs ecs = new();
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Submit_NewAttempt_LooksUpByStartedByThenRunsOneTaskCarryingTheRequest()
    {
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, """{"taskArns":[]}""").Then(HttpStatusCode.OK, """{"taskArns":[]}""")
            .Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(arn, "PROVISIONING")));
        using var remote = this.ecs.CreateRemote();
        var context = this.Context("""{ "cpu": 1024, "memory": 2048 }""");

        var job = await remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token());

        Assert.Equal(arn, job);
        var id = EcsJob.IdFor("run-test", "far", 1);
        Assert.Matches("^bazaar-[0-9a-f]{29}$", id);
        Assert.Equal(["ListTasks", "ListTasks", "RunTask"], this.ecs.Requests.Select(r => r.Operation));
        Assert.All(this.ecs.Requests, r =>
        {
            Assert.Equal(("POST", "/", "application/x-amz-json-1.1"), (r.Method, r.Uri.AbsolutePath, r.ContentType));
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", r.Authorization, StringComparison.Ordinal);
            Assert.Contains("/us-east-1/ecs/aws4_request", r.Authorization, StringComparison.Ordinal);
            Assert.Contains("x-amz-target", r.Authorization, StringComparison.Ordinal);
        });
        Assert.Equal((RecordingEcs.Cluster, id, "RUNNING"), ((string?)this.ecs.Requests[0].Body!["cluster"], (string?)this.ecs.Requests[0].Body!["startedBy"], (string?)this.ecs.Requests[0].Body!["desiredStatus"]));
        Assert.Equal("STOPPED", (string?)this.ecs.Requests[1].Body!["desiredStatus"]);
        var body = this.ecs.Requests[2].Body!;
        Assert.Equal((RecordingEcs.Cluster, RecordingEcs.TaskDefinition, 1, "FARGATE"), ((string?)body["cluster"], (string?)body["taskDefinition"], (int)body["count"]!, (string?)body["launchType"]));
        Assert.Equal((id, id), ((string?)body["clientToken"], (string?)body["startedBy"]));
        var vpc = body["networkConfiguration"]!["awsvpcConfiguration"]!;
        Assert.Equal([RecordingEcs.Subnet], vpc["subnets"]!.AsArray().Select(s => (string?)s));
        Assert.Equal([RecordingEcs.SecurityGroup], vpc["securityGroups"]!.AsArray().Select(s => (string?)s));
        Assert.Equal("DISABLED", (string?)vpc["assignPublicIp"]);
        Assert.Equal(("1024", "2048"), ((string?)body["overrides"]!["cpu"], (string?)body["overrides"]!["memory"]));
        var container = Assert.Single(body["overrides"]!["containerOverrides"]!.AsArray())!;
        Assert.Equal("agent", (string?)container["name"]);
        var variable = Assert.Single(container["environment"]!.AsArray())!;
        Assert.Equal("BAZAAR_AGENT_REQUEST", (string?)variable["name"]);
        var sent = JsonSerializer.Deserialize<RemoteStepRequest>((string)variable["value"]!, RemoteStepProtocol.Json)!;
        Assert.Equal(("run-test", "far", 1, "https://bazaar.example/api/callbacks/done"), (sent.RunId, sent.Step, sent.Attempt, sent.CallHome!.Done.Url.AbsoluteUri));
        Assert.Equal(
            [("bazaar-run", "run-test"), ("bazaar-step", "far"), ("bazaar-attempt", "1")],
            body["tags"]!.AsArray().Select(t => ((string)t!["key"]!, (string)t["value"]!)));
    }

    [Fact]
    public async Task Submit_CapacityProviderAndOwnNetwork_StrategyInsteadOfLaunchTypeAndAllowedPlacesUsed()
    {
        this.ecs.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(RecordingEcs.TaskArn(cluster: "gpu"), "PROVISIONING")));
        using var remote = this.ecs.CreateRemote(o =>
        {
            o.Clusters.Add("gpu");
            o.TaskDefinitions.Add("trainer");
        }, new Dictionary<string, string> { ["BAZAAR_ECS_ALLOWED_SUBNETS"] = "subnet-00000000000000001, subnet-00000000000000002" });
        var context = this.Context("""{ "cluster": "gpu", "taskDefinition": "trainer:7", "containerName": "main", "capacityProvider": "FARGATE_SPOT", "subnets": ["subnet-00000000000000001", "subnet-00000000000000002"], "assignPublicIp": true }""");

        await remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token());

        var body = this.ecs.Requests[2].Body!;
        Assert.Null(body["launchType"]);
        Assert.Equal("FARGATE_SPOT", (string?)body["capacityProviderStrategy"]![0]!["capacityProvider"]);
        Assert.Equal(("gpu", "trainer:7", "main"), ((string?)body["cluster"], (string?)body["taskDefinition"], (string?)body["overrides"]!["containerOverrides"]![0]!["name"]));
        Assert.Equal("ENABLED", (string?)body["networkConfiguration"]!["awsvpcConfiguration"]!["assignPublicIp"]);
        Assert.Equal(2, body["networkConfiguration"]!["awsvpcConfiguration"]!["subnets"]!.AsArray().Count);
        Assert.Null(body["overrides"]!["cpu"]);
    }

    [Fact]
    public async Task Submit_TaskOfTheAttemptRunsAlready_AdoptedWithoutASecondRunTask()
    {
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, $$"""{"taskArns":["{{arn}}"]}""");
        using var remote = this.ecs.CreateRemote();
        var context = this.Context("{}");

        var job = await remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token());

        Assert.Equal(arn, job);
        Assert.Equal(["ListTasks"], this.ecs.Requests.Select(r => r.Operation));
    }

    [Theory]
    [InlineData("RESOURCE:MEMORY", FailureKind.Infrastructure)]
    [InlineData("Capacity is unavailable at this time. Please try again later or in a different availability zone", FailureKind.Infrastructure)]
    [InlineData("MISSING", FailureKind.Misconfigured)]
    public async Task Submit_FailuresInA200Answer_FailsWithTheReasonAndItsKind(string reason, FailureKind kind)
    {
        this.ecs.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, "{}")
            .Then(HttpStatusCode.OK, EcsAnswers.Failures($"arn:aws:ecs:us-east-1:{RecordingEcs.Account}:container-instance/bazaar/1", reason));
        using var remote = this.ecs.CreateRemote();
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AwsEcsRemoteException>(() => remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token()));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("far", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ThrottledThenServerErrorThenAccepted_TriedAgainAndTheTaskStarted()
    {
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, "{}")
            .Then(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            .Then(HttpStatusCode.InternalServerError, """{"__type":"com.amazonaws.ecs#ServerException","message":"Service unavailable"}""")
            .Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(arn, "PROVISIONING")));
        using var remote = this.ecs.CreateRemote();
        var context = this.Context("{}");

        var job = await remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token());

        Assert.Equal(arn, job);
        Assert.Equal(["ListTasks", "ListTasks", "RunTask", "RunTask", "RunTask"], this.ecs.Requests.Select(r => r.Operation));
        Assert.Equal((string?)this.ecs.Requests[2].Body!["clientToken"], (string?)this.ecs.Requests[4].Body!["clientToken"]);
    }

    [Fact]
    public async Task Submit_ThrottledOnEveryTry_InfrastructureSayingSo()
    {
        this.ecs.Otherwise = _ => RecordingEcs.Json(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}""");
        using var remote = this.ecs.CreateRemote(o => o.MaxAttempts = 3);
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AwsEcsRemoteException>(() => remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Infrastructure, error.Kind);
        Assert.Contains("throttled", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, this.ecs.Requests.Count);
    }

    [Fact]
    public async Task Submit_AccessDenied_MisconfiguredNamingThePermissions()
    {
        this.ecs.Then(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","Message":"User is not authorized to perform: ecs:ListTasks"}""");
        using var remote = this.ecs.CreateRemote();
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AwsEcsRemoteException>(() => remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("ecs:RunTask", error.Message, StringComparison.Ordinal);
        Assert.Contains("not authorized", error.Message, StringComparison.Ordinal);
        Assert.Single(this.ecs.Requests);
    }

    [Theory]
    [InlineData("""{ "cluster": "prod" }""", "cluster 'prod'", "BAZAAR_ECS_CLUSTERS")]
    [InlineData("""{ "taskDefinition": "admin-tools:1" }""", "task definition 'admin-tools:1'", "BAZAAR_ECS_TASK_DEFINITIONS")]
    [InlineData("""{ "subnets": ["subnet-0fffffffffffffff0"] }""", "subnets subnet-0fffffffffffffff0", "BAZAAR_ECS_ALLOWED_SUBNETS")]
    [InlineData("""{ "securityGroups": ["sg-0fffffffffffffff0"] }""", "security groups sg-0fffffffffffffff0", "BAZAAR_ECS_ALLOWED_SECURITY_GROUPS")]
    public async Task Submit_PlaceTheHostDoesNotAllow_RefusedBeforeAnyCall(string settings, string what, string variable)
    {
        using var remote = this.ecs.CreateRemote();
        var context = this.Context(settings);

        var error = await Assert.ThrowsAsync<AwsEcsRemoteException>(() => remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Empty(this.ecs.Requests);
    }

    [Fact]
    public async Task Submit_FamilyAllowed_AnyRevisionOfItRuns()
    {
        this.ecs.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(RecordingEcs.TaskArn(), "PENDING")));
        using var remote = this.ecs.CreateRemote(environment: new Dictionary<string, string> { ["BAZAAR_ECS_TASK_DEFINITIONS"] = "builder" });
        var context = this.Context("""{ "taskDefinition": "builder:12" }""");

        await remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token());

        Assert.Equal("builder:12", (string?)this.ecs.Requests[2].Body!["taskDefinition"]);
    }

    [Fact]
    public async Task Submit_RequestLargerThanEcsOverridesAllow_MisconfiguredAndNothingRun()
    {
        using var remote = this.ecs.CreateRemote();
        var context = this.Context("{}");
        var request = RecordingEcs.Request(context) with { Env = new Dictionary<string, string> { ["BIG"] = new string('x', 9000) } };

        var error = await Assert.ThrowsAsync<AwsEcsRemoteException>(() => remote.SubmitAsync(context, request, TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("8192", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(this.ecs.Requests, r => r.Operation == "RunTask");
    }

    [Fact]
    public async Task Submit_FargateWithoutSubnets_MisconfiguredSayingWhereToSetThem()
    {
        using var remote = this.ecs.CreateRemote(o => o.Subnets.Clear());
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AwsEcsRemoteException>(() => remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token()));

        Assert.Contains("BAZAAR_ECS_SUBNETS", error.Message, StringComparison.Ordinal);
        Assert.Empty(this.ecs.Requests);
    }

    [Theory]
    [InlineData("PROVISIONING", null, null, null, CallHomeJobState.Pending, null)]
    [InlineData("RUNNING", null, null, null, CallHomeJobState.Running, null)]
    [InlineData("STOPPED", 0, "EssentialContainerExited", null, CallHomeJobState.Ended, 0)]
    [InlineData("STOPPED", 137, "EssentialContainerExited", "OutOfMemoryError: Container killed due to memory usage", CallHomeJobState.Ended, 137)]
    public async Task Describe_TaskStates_ReadFromTheAgentContainer(string lastStatus, int? exitCode, string? stopCode, string? reason, CallHomeJobState state, int? expectedExit)
    {
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(arn, lastStatus, exitCode, stopCode, containerReason: reason)));
        using var remote = this.ecs.CreateRemote();

        var status = await remote.DescribeAsync(RecordingEcs.Remote(), arn, TestTimeout.Token());

        Assert.Equal((state, expectedExit), (status.State, status.ExitCode));
        if (reason is not null)
        {
            Assert.Contains(reason, status.Reason, StringComparison.Ordinal);
        }

        var call = Assert.Single(this.ecs.Requests);
        Assert.Equal(("DescribeTasks", RecordingEcs.Cluster, arn), (call.Operation, (string?)call.Body!["cluster"], (string?)call.Body["tasks"]![0]));
    }

    [Fact]
    public async Task Describe_TaskFailedToStart_EndedWithoutExitCodeAndWithEcsReason()
    {
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(
            arn, "STOPPED", null, "TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried 5 time(s)", "CannotPullContainerError: ref not found")));
        using var remote = this.ecs.CreateRemote();

        var status = await remote.DescribeAsync(RecordingEcs.Remote(), arn, TestTimeout.Token());

        Assert.Equal((CallHomeJobState.Ended, (int?)null), (status.State, status.ExitCode));
        Assert.Contains("TaskFailedToStart", status.Reason, StringComparison.Ordinal);
        Assert.Contains("CannotPullContainerError", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_EcsNoLongerKnowsTheTask_Gone()
    {
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, EcsAnswers.Failures(arn, "MISSING"));
        using var remote = this.ecs.CreateRemote();

        var status = await remote.DescribeAsync(RecordingEcs.Remote(), arn, TestTimeout.Token());

        Assert.Equal(CallHomeJobState.Gone, status.State);
    }

    [Theory]
    [InlineData("bazaar-0123")]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef")]
    public async Task Describe_JobNotATaskInAnAllowedCluster_RefusedBeforeAnyCall(string job)
    {
        using var remote = this.ecs.CreateRemote();

        var error = await Assert.ThrowsAsync<AwsEcsRemoteException>(() => remote.DescribeAsync(RecordingEcs.Remote(), job, TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Empty(this.ecs.Requests);
    }

    [Fact]
    public async Task CancelAndDelete_StopTheTaskWithAReasonAndATaskEcsForgotIsNoError()
    {
        var arn = RecordingEcs.TaskArn();
        this.ecs.Then(HttpStatusCode.OK, $$"""{"task":{{EcsAnswers.Task(arn, "RUNNING")}}}""")
            .Then(HttpStatusCode.BadRequest, """{"__type":"InvalidParameterException","message":"The referenced task was not found."}""");
        using var remote = this.ecs.CreateRemote();

        await remote.CancelAsync(RecordingEcs.Remote(), arn, TestTimeout.Token());
        await remote.DeleteAsync(RecordingEcs.Remote(), arn, TestTimeout.Token());

        Assert.Equal(["StopTask", "StopTask"], this.ecs.Requests.Select(r => r.Operation));
        var stop = this.ecs.Requests[0].Body!;
        Assert.Equal((RecordingEcs.Cluster, arn), ((string?)stop["cluster"], (string?)stop["task"]));
        Assert.StartsWith("Bazaar:", (string?)stop["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_EveryAllowedCluster_KeepsOnlyTasksBazaarStartedWithTheirTags()
    {
        var ours = RecordingEcs.TaskArn("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        var theirs = RecordingEcs.TaskArn("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        var untagged = RecordingEcs.TaskArn("cccccccccccccccccccccccccccccccc");
        this.ecs.Then(HttpStatusCode.OK, $$"""{"taskArns":["{{ours}}","{{theirs}}"],"nextToken":"page2"}""")
            .Then(HttpStatusCode.OK, EcsAnswers.Tasks(
                EcsAnswers.Task(ours, "RUNNING", startedBy: EcsJob.IdFor("r1", "build", 2), tags: EcsAnswers.Tags("r1", "build", 2)),
                EcsAnswers.Task(theirs, "RUNNING", startedBy: "ecs-svc/123", tags: EcsAnswers.Tags("r1", "build", 2))))
            .Then(HttpStatusCode.OK, $$"""{"taskArns":["{{untagged}}"]}""")
            .Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(untagged, "RUNNING", startedBy: EcsJob.IdFor("r2", "x", 1))))
            .Then(HttpStatusCode.OK, """{"taskArns":[]}""");
        using var remote = this.ecs.CreateRemote(o => o.Clusters.Add("other"));

        var found = new List<CallHomeLeftover>();
        await foreach (var leftover in remote.ListAsync(TestTimeout.Token()))
        {
            found.Add(leftover);
        }

        var only = Assert.Single(found);
        Assert.Equal((ours, "r1", "build", 2, CallHomeJobState.Running), (only.Job, only.RunId, only.Step, only.Attempt, only.State));
        Assert.Equal(RecordingEcs.Cluster, only.Remote.Settings["cluster"].GetString());
        Assert.Equal(
            [("ListTasks", "bazaar"), ("DescribeTasks", "bazaar"), ("ListTasks", "bazaar"), ("DescribeTasks", "bazaar"), ("ListTasks", "other")],
            this.ecs.Requests.Select(r => (r.Operation, (string)r.Body!["cluster"]!)));
        Assert.Equal("page2", (string?)this.ecs.Requests[2].Body!["nextToken"]);
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
