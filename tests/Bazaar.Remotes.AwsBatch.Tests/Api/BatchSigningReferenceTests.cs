using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsBatch.Tests.Api;

/// <summary>
/// The AWS CLI as the reference: it sends the SubmitJob body Bazaar writes (<c>aws batch submit-job --cli-input-json</c>)
/// to a loopback listener, with fixed credentials; Bazaar's request must go to the same path with the same content type
/// and an equal body, and Bazaar's signer, given the CLI's request and its time, must produce the CLI's Authorization header.
/// </summary>
public sealed class BatchSigningReferenceTests : IDisposable
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private readonly RecordingBatch batch = new();
    private readonly TempDirectory temp = new();

    /// <summary>Gets what this machine lacks to run the AWS CLI, if anything.</summary>
    public static string? MissingBackend => AwsCli.Missing;

    [BackendFact]
    public async Task SubmitJob_SameRequestAsTheAwsCli_SameAuthorizationHeader()
    {
        this.batch.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, $$"""{"jobName":"x","jobId":"{{RecordingBatch.JobId}}"}""");
        using var remote = this.batch.CreateRemote();
        var context = TestStepContext.Create(
            new StepDefinition { Name = "far", Run = StepCommand.FromArgs("true"), Remote = RecordingBatch.Remote("""{ "vcpus": 1, "memory": 2048 }""") },
            new FakeStepWorkspace(this.temp.Path),
            new RecordingStepLog());
        await remote.SubmitAsync(context, this.batch.Request(context), TestTimeout.Token());
        var ours = this.batch.Requests.Single(r => r.Operation == "submitjob");

        var input = this.temp.Write("submit-job.json", ours.Body!.ToJsonString());
        var cli = await AwsCli.CaptureAsync(
            ["batch", "submit-job", "--cli-input-json", $"file://{input}"],
            $$"""{"jobArn":"arn:aws:batch:us-east-1:123456789012:job/{{RecordingBatch.JobId}}","jobName":"x","jobId":"{{RecordingBatch.JobId}}"}""",
            new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = KeyId, ["AWS_SECRET_ACCESS_KEY"] = Secret, ["AWS_DEFAULT_REGION"] = "us-east-1" },
            TestTimeout.Token(TimeSpan.FromSeconds(90)));

        Assert.Equal(("POST", ours.Uri.AbsolutePath), (cli.Method, cli.PathAndQuery));
        Assert.Equal(ours.ContentType, cli.Header("Content-Type"));
        Assert.True(JsonNode.DeepEquals(ours.Body, JsonNode.Parse(cli.Body)), $"the CLI sent {System.Text.Encoding.UTF8.GetString(cli.Body)}\nBazaar sent {ours.Body}");

        var uri = new Uri($"http://{cli.Header("Host")}{cli.PathAndQuery}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(cli.Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(cli.Header("Content-Type")!);
        var signedAt = DateTime.ParseExact(cli.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        await AwsRequestSigner.SignAsync(request, cli.Body, new BasicAWSCredentials(KeyId, Secret), "us-east-1", AwsBatchRemote.SigningService, signedAt, TestTimeout.Token());

        Assert.Contains("/us-east-1/batch/aws4_request,SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,", Normalize(cli.Header("Authorization")), StringComparison.Ordinal);
        Assert.Equal(Normalize(cli.Header("Authorization")), Normalize(string.Join(',', request.Headers.GetValues("Authorization"))));
    }

    public void Dispose()
    {
        this.batch.Dispose();
        this.temp.Dispose();
    }

    private static string? Normalize(string? authorization) => authorization?.Replace(", ", ",", StringComparison.Ordinal);
}
