using System.Net;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsBatch.Tests.Api;

/// <summary>
/// The calls Bazaar makes to Batch (REST-JSON: <c>POST /v1/&lt;operation&gt;</c>, signed with SigV4 for <c>batch</c>)
/// and how Batch's answers are read. The remote's real client runs; only the socket is replaced.
/// <see cref="BatchRequestShapeTests"/> checks the same bodies against botocore's model.
/// </summary>
public sealed class BatchContractTests : IDisposable
{
    private readonly RecordingBatch batch = new();
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Submit_NewAttempt_ListsItsNameThenSubmitsOneJobCarryingTheRequest()
    {
        this.batch.Then(HttpStatusCode.OK, """{"jobSummaryList":[]}""")
            .Then(HttpStatusCode.OK, $$"""{"jobArn":"arn:aws:batch:us-east-1:{{RecordingBatch.Account}}:job/{{RecordingBatch.JobId}}","jobName":"x","jobId":"{{RecordingBatch.JobId}}"}""");
        using var remote = this.batch.CreateRemote();
        var context = this.Context("""{ "vcpus": 0.5, "memory": 1024 }""");

        var job = await remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token());

        Assert.Equal(RecordingBatch.JobId, job);
        var name = BatchJob.NameFor("run-test", "far", 1);
        Assert.Matches("^bazaar-[0-9a-f]{32}$", name);
        Assert.Equal(["listjobs", "submitjob"], this.batch.Requests.Select(r => r.Operation));
        Assert.All(this.batch.Requests, r =>
        {
            Assert.Equal(("POST", "application/json"), (r.Method, r.ContentType));
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/us-east-1/batch/aws4_request", r.Authorization, StringComparison.Ordinal);
        });
        var list = this.batch.Requests[0].Body!;
        Assert.Equal((RecordingBatch.Queue, "JOB_NAME", name), ((string?)list["jobQueue"], (string?)list["filters"]![0]!["name"], (string?)list["filters"]![0]!["values"]![0]));
        var body = this.batch.Requests[1].Body!;
        Assert.Equal((name, RecordingBatch.Queue, RecordingBatch.Definition), ((string?)body["jobName"], (string?)body["jobQueue"], (string?)body["jobDefinition"]));
        Assert.Equal(5 * 60 + 120, (int)body["timeout"]!["attemptDurationSeconds"]!); // the step's deadline plus the agent's margin
        Assert.Equal(1, (int)body["retryStrategy"]!["attempts"]!); // Bazaar retries, each try with its own token
        var variable = Assert.Single(body["containerOverrides"]!["environment"]!.AsArray())!;
        Assert.Equal("BAZAAR_AGENT_REQUEST", (string?)variable["name"]);
        var sent = JsonSerializer.Deserialize<RemoteStepRequest>((string)variable["value"]!, RemoteStepProtocol.Json)!;
        Assert.Equal(("run-test", "far", 1, "t2"), (sent.RunId, sent.Step, sent.Attempt, sent.CallHome!.Done.Token));
        Assert.Equal(
            [("VCPU", "0.5"), ("MEMORY", "1024")],
            body["containerOverrides"]!["resourceRequirements"]!.AsArray().Select(r => ((string)r!["type"]!, (string)r["value"]!)));
        Assert.Equal(("run-test", "far", "1"), ((string?)body["tags"]!["bazaar-run"], (string?)body["tags"]!["bazaar-step"], (string?)body["tags"]!["bazaar-attempt"]));
    }

    [Fact]
    public async Task Submit_DeadlineVeryNear_BatchTimeoutAtItsLeast60Seconds()
    {
        this.batch.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, $$"""{"jobName":"x","jobId":"{{RecordingBatch.JobId}}"}""");
        using var remote = this.batch.CreateRemote(o => o.DeadlineMargin = TimeSpan.Zero);
        var context = this.Context("{}");

        await remote.SubmitAsync(context, this.batch.Request(context, TimeSpan.FromSeconds(5)), TestTimeout.Token());

        Assert.Equal(60, (int)this.batch.Requests[1].Body!["timeout"]!["attemptDurationSeconds"]!);
        Assert.Null(this.batch.Requests[1].Body!["containerOverrides"]!["resourceRequirements"]);
    }

    [Fact]
    public async Task Submit_JobOfTheAttemptInTheQueue_AdoptedWithoutASecondSubmit()
    {
        var name = BatchJob.NameFor("run-test", "far", 1);
        this.batch.Then(HttpStatusCode.OK, $$"""{"jobSummaryList":[{{BatchAnswers.Summary(RecordingBatch.JobId, name, "RUNNABLE")}}]}""");
        using var remote = this.batch.CreateRemote();
        var context = this.Context("{}");

        var job = await remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token());

        Assert.Equal(RecordingBatch.JobId, job);
        Assert.Equal(["listjobs"], this.batch.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task Submit_ThrottledThenServerErrorThenAccepted_TriedAgainAndTheJobSubmitted()
    {
        this.batch.Then(HttpStatusCode.OK, "{}")
            .Then(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""", ("x-amzn-ErrorType", "TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.coral.availability/"))
            .Then(HttpStatusCode.InternalServerError, """{"__type":"ServerException","message":"internal error"}""")
            .Then(HttpStatusCode.OK, $$"""{"jobName":"x","jobId":"{{RecordingBatch.JobId}}"}""");
        using var remote = this.batch.CreateRemote();
        var context = this.Context("{}");

        var job = await remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token());

        Assert.Equal(RecordingBatch.JobId, job);
        Assert.Equal(["listjobs", "submitjob", "submitjob", "submitjob"], this.batch.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task Submit_QueueUnknownToBatch_MisconfiguredWithBatchsMessage()
    {
        this.batch.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.BadRequest, """{"message":"Job Queue bazaar is not valid"}""", ("x-amzn-ErrorType", "ClientException:http://internal.amazon.com/coral/com.amazonaws.batch.v20160810/"));
        using var remote = this.batch.CreateRemote();
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AwsBatchRemoteException>(() => remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("400 ClientException: Job Queue bazaar is not valid", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, this.batch.Requests.Count);
    }

    [Fact]
    public async Task Submit_AccessDenied_MisconfiguredNamingThePermissions()
    {
        this.batch.Then(HttpStatusCode.Forbidden, """{"Message":"User is not authorized to perform: batch:ListJobs"}""", ("x-amzn-ErrorType", "AccessDeniedException"));
        using var remote = this.batch.CreateRemote();
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AwsBatchRemoteException>(() => remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("batch:SubmitJob", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "jobQueue": "gpu-prod" }""", "job queue 'gpu-prod'", "BAZAAR_BATCH_JOB_QUEUES")]
    [InlineData("""{ "jobDefinition": "admin:1" }""", "job definition 'admin:1'", "BAZAAR_BATCH_JOB_DEFINITIONS")]
    public async Task Submit_PlaceTheHostDoesNotAllow_RefusedBeforeAnyCall(string settings, string what, string variable)
    {
        using var remote = this.batch.CreateRemote();
        var context = this.Context(settings);

        var error = await Assert.ThrowsAsync<AwsBatchRemoteException>(() => remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Empty(this.batch.Requests);
    }

    [Fact]
    public async Task Submit_QueueAndDefinitionTheHostLists_Used()
    {
        this.batch.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, $$"""{"jobName":"x","jobId":"{{RecordingBatch.JobId}}"}""");
        using var remote = this.batch.CreateRemote(environment: new Dictionary<string, string> { ["BAZAAR_BATCH_JOB_QUEUES"] = "gpu", ["BAZAAR_BATCH_JOB_DEFINITIONS"] = "trainer" });
        var context = this.Context("""{ "jobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/gpu", "jobDefinition": "trainer:4" }""");

        await remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token());

        Assert.Equal(("arn:aws:batch:us-east-1:123456789012:job-queue/gpu", "trainer:4"), ((string?)this.batch.Requests[1].Body!["jobQueue"], (string?)this.batch.Requests[1].Body!["jobDefinition"]));
    }

    [Theory]
    [InlineData("SUBMITTED", null, CallHomeJobState.Pending, null)]
    [InlineData("RUNNABLE", null, CallHomeJobState.Pending, null)]
    [InlineData("STARTING", null, CallHomeJobState.Pending, null)]
    [InlineData("RUNNING", null, CallHomeJobState.Running, null)]
    [InlineData("SUCCEEDED", 0, CallHomeJobState.Ended, 0)]
    [InlineData("FAILED", 2, CallHomeJobState.Ended, 2)]
    public async Task Describe_JobStates_ReadAsTheEngineAsks(string status, int? exitCode, CallHomeJobState state, int? expectedExit)
    {
        this.batch.Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(RecordingBatch.JobId, status, this.batch.Now.AddMinutes(-1), exitCode)));
        using var remote = this.batch.CreateRemote();

        var described = await remote.DescribeAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token());

        Assert.Equal((state, expectedExit), (described.State, described.ExitCode));
        var call = Assert.Single(this.batch.Requests);
        Assert.Equal(("describejobs", RecordingBatch.JobId), (call.Operation, (string?)call.Body!["jobs"]![0]));
    }

    [Fact]
    public async Task Describe_RunnablePastTheStartTimeout_EndedWithTheReasonInsteadOfWaiting()
    {
        this.batch.Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(
            RecordingBatch.JobId, "RUNNABLE", this.batch.Now.AddMinutes(-16), statusReason: "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested")));
        using var remote = this.batch.CreateRemote();

        var described = await remote.DescribeAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token());

        Assert.Equal((CallHomeJobState.Ended, (int?)null), (described.State, described.ExitCode));
        Assert.Contains("still RUNNABLE after 16m", described.Reason, StringComparison.Ordinal);
        Assert.Contains("start timeout of 15m", described.Reason, StringComparison.Ordinal);
        Assert.Contains("INSUFFICIENT_INSTANCE_CAPACITY", described.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_StepsOwnStartTimeout_WinsOverTheHosts()
    {
        this.batch.Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(RecordingBatch.JobId, "RUNNABLE", this.batch.Now.AddMinutes(-16))))
            .Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(RecordingBatch.JobId, "RUNNABLE", this.batch.Now.AddMinutes(-3))));
        using var remote = this.batch.CreateRemote();

        var patient = await remote.DescribeAsync(RecordingBatch.Remote("""{ "startTimeout": "1h" }"""), RecordingBatch.JobId, TestTimeout.Token());
        var hasty = await remote.DescribeAsync(RecordingBatch.Remote("""{ "startTimeout": "2m" }"""), RecordingBatch.JobId, TestTimeout.Token());

        Assert.Equal(CallHomeJobState.Pending, patient.State);
        Assert.Equal(CallHomeJobState.Ended, hasty.State);
    }

    [Fact]
    public async Task Describe_FailedWithoutExitCode_EndedWithBatchsReasons()
    {
        this.batch.Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(
            RecordingBatch.JobId, "FAILED", this.batch.Now, statusReason: "Task failed to start", containerReason: "CannotPullContainerError: ref not found")));
        using var remote = this.batch.CreateRemote();

        var described = await remote.DescribeAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token());

        Assert.Equal((CallHomeJobState.Ended, (int?)null), (described.State, described.ExitCode));
        Assert.Equal("Task failed to start: CannotPullContainerError: ref not found", described.Reason);
    }

    [Fact]
    public async Task Describe_BatchNoLongerKnowsTheJob_Gone()
    {
        this.batch.Then(HttpStatusCode.OK, """{"jobs":[]}""");
        using var remote = this.batch.CreateRemote();

        Assert.Equal(CallHomeJobState.Gone, (await remote.DescribeAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token())).State);
    }

    [Fact]
    public async Task Describe_JobNotAJobId_RefusedBeforeAnyCall()
    {
        using var remote = this.batch.CreateRemote();

        var error = await Assert.ThrowsAsync<AwsBatchRemoteException>(() => remote.DescribeAsync(RecordingBatch.Remote(), "../v1/terminatejob", TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Empty(this.batch.Requests);
    }

    [Fact]
    public async Task CancelAndDelete_TerminateTheJobWithAReason()
    {
        using var remote = this.batch.CreateRemote();

        await remote.CancelAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token());
        await remote.DeleteAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token());

        Assert.Equal(["terminatejob", "terminatejob"], this.batch.Requests.Select(r => r.Operation));
        Assert.All(this.batch.Requests, r =>
        {
            Assert.Equal(RecordingBatch.JobId, (string?)r.Body!["jobId"]);
            Assert.StartsWith("Bazaar:", (string?)r.Body["reason"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task List_EveryAllowedQueue_KeepsUnendedJobsBazaarNamedWithTheirTags()
    {
        const string Ours = "11111111-1111-1111-1111-111111111111";
        const string Ended = "22222222-2222-2222-2222-222222222222";
        const string Untagged = "33333333-3333-3333-3333-333333333333";
        var name = BatchJob.NameFor("r1", "build", 2);
        this.batch.Then(HttpStatusCode.OK, $$"""{"jobSummaryList":[{{BatchAnswers.Summary(Ours, name, "RUNNABLE")}},{{BatchAnswers.Summary(Ended, name, "SUCCEEDED")}}],"nextToken":"page2"}""")
            .Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(Ours, "RUNNABLE", this.batch.Now, tags: BatchAnswers.Tags("r1", "build", 2), name: name)))
            .Then(HttpStatusCode.OK, $$"""{"jobSummaryList":[{{BatchAnswers.Summary(Untagged, "bazaar-0", "RUNNING")}}]}""")
            .Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(Untagged, "RUNNING", this.batch.Now, name: "bazaar-0")))
            .Then(HttpStatusCode.OK, """{"jobSummaryList":[]}""");
        using var remote = this.batch.CreateRemote(o => o.JobQueues.Add("other"));

        var found = new List<CallHomeLeftover>();
        await foreach (var leftover in remote.ListAsync(TestTimeout.Token()))
        {
            found.Add(leftover);
        }

        var only = Assert.Single(found);
        Assert.Equal((Ours, "r1", "build", 2, CallHomeJobState.Pending), (only.Job, only.RunId, only.Step, only.Attempt, only.State));
        Assert.Equal(RecordingBatch.Queue, only.Remote.Settings["jobQueue"].GetString());
        Assert.Equal(["listjobs", "describejobs", "listjobs", "describejobs", "listjobs"], this.batch.Requests.Select(r => r.Operation));
        Assert.Equal("bazaar-*", (string?)this.batch.Requests[0].Body!["filters"]![0]!["values"]![0]);
        Assert.Equal([Ours], this.batch.Requests[1].Body!["jobs"]!.AsArray().Select(j => (string?)j));
        Assert.Equal("page2", (string?)this.batch.Requests[2].Body!["nextToken"]);
        Assert.Equal("other", (string?)this.batch.Requests[4].Body!["jobQueue"]);
    }

    public void Dispose()
    {
        this.batch.Dispose();
        this.temp.Dispose();
    }

    private StepContext Context(string settings) => TestStepContext.Create(
        new StepDefinition { Name = "far", Run = StepCommand.FromArgs("true"), Remote = RecordingBatch.Remote(settings) },
        new FakeStepWorkspace(this.temp.Path),
        new RecordingStepLog());
}
