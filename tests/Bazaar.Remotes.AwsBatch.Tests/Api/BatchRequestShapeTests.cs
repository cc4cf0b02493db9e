using System.Net;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsBatch.Tests.Api;

/// <summary>
/// Every body Bazaar sends to Batch, checked against the Batch model botocore ships with the AWS CLI
/// (<c>botocore/data/batch/2016-08-10/service-2.json</c>), and each call's path against the model's request URI.
/// </summary>
public sealed class BatchRequestShapeTests : IDisposable
{
    private readonly RecordingBatch batch = new();
    private readonly TempDirectory temp = new();

    /// <summary>Gets what this machine lacks to read botocore's models, if anything.</summary>
    public static string? MissingBackend => BotocoreModel.Missing;

    [BackendFact]
    public void Model_ProtocolAndSigningName_AreThoseTheRemoteUses()
    {
        var model = BotocoreModel.Load("batch");

        Assert.Equal("rest-json", (string)model.Metadata["protocol"]!);
        Assert.Equal(AwsBatchRemote.SigningService, (string)model.Metadata["endpointPrefix"]!);
    }

    [BackendFact]
    public async Task EveryCall_PathsAndBodiesFitTheModel()
    {
        var model = BotocoreModel.Load("batch");
        this.batch.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, $$"""{"jobName":"x","jobId":"{{RecordingBatch.JobId}}"}""")
            .Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(RecordingBatch.JobId, "RUNNING", this.batch.Now)))
            .Then(HttpStatusCode.OK, "{}")
            .Then(HttpStatusCode.OK, $$"""{"jobSummaryList":[{{BatchAnswers.Summary(RecordingBatch.JobId, "bazaar-1", "RUNNING")}}],"nextToken":"n"}""")
            .Then(HttpStatusCode.OK, BatchAnswers.Jobs(BatchAnswers.Job(RecordingBatch.JobId, "RUNNING", this.batch.Now)));
        using var remote = this.batch.CreateRemote();
        var context = TestStepContext.Create(
            new StepDefinition { Name = "far", Run = StepCommand.FromArgs("true"), Remote = RecordingBatch.Remote("""{ "vcpus": 2, "memory": 4096 }""") },
            new FakeStepWorkspace(this.temp.Path),
            new RecordingStepLog());

        await remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token());
        await remote.DescribeAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token());
        await remote.CancelAsync(RecordingBatch.Remote(), RecordingBatch.JobId, TestTimeout.Token());
        await foreach (var unused in remote.ListAsync(TestTimeout.Token()))
        {
        }

        var operations = new Dictionary<string, string>
        {
            ["submitjob"] = "SubmitJob", ["describejobs"] = "DescribeJobs", ["terminatejob"] = "TerminateJob", ["listjobs"] = "ListJobs",
        };
        Assert.Equal(operations.Keys.Order(StringComparer.Ordinal), this.batch.Requests.Select(r => r.Operation).Distinct().Order(StringComparer.Ordinal));
        Assert.All(this.batch.Requests, r =>
        {
            var operation = operations[r.Operation];
            Assert.Equal(model.Http(operation), (r.Method, r.Uri.AbsolutePath));
            Assert.True(model.Problems(operation, r.Body).Count == 0, $"{operation} {r.Body}: {string.Join("; ", model.Problems(operation, r.Body))} ({BotocoreModel.Describe})");
        });
    }

    public void Dispose()
    {
        this.batch.Dispose();
        this.temp.Dispose();
    }
}
