using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsEcs.Tests.Api;

/// <summary>
/// The AWS CLI as the reference: it sends the RunTask body Bazaar writes (<c>aws ecs run-task --cli-input-json</c>)
/// to a loopback listener, with fixed credentials; Bazaar's request must carry the same target and content type and an
/// equal body, and Bazaar's signer, given the CLI's request and its time, must produce the CLI's Authorization header.
/// </summary>
public sealed class EcsSigningReferenceTests : IDisposable
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "session-token-example";
    private readonly RecordingEcs ecs = new();
    private readonly TempDirectory temp = new();

    /// <summary>Gets what this machine lacks to run the AWS CLI, if anything.</summary>
    public static string? MissingBackend => AwsCli.Missing;

    [BackendFact]
    public async Task RunTask_SameRequestAsTheAwsCli_SameAuthorizationHeader()
    {
        // Bazaar's RunTask, as it goes on the wire.
        this.ecs.Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.OK, EcsAnswers.Tasks(EcsAnswers.Task(RecordingEcs.TaskArn(), "PENDING")));
        using var remote = this.ecs.CreateRemote();
        var context = TestStepContext.Create(
            new StepDefinition { Name = "far", Run = StepCommand.FromArgs("true"), Remote = RecordingEcs.Remote("""{ "cpu": 1024, "memory": 2048 }""") },
            new FakeStepWorkspace(this.temp.Path),
            new RecordingStepLog());
        await remote.SubmitAsync(context, RecordingEcs.Request(context), TestTimeout.Token());
        var ours = this.ecs.Requests.Single(r => r.Operation == "RunTask");

        // The CLI's, from the same input.
        var input = this.temp.Write("run-task.json", ours.Body!.ToJsonString());
        var cli = await AwsCli.CaptureAsync(
            ["ecs", "run-task", "--cli-input-json", $"file://{input}"],
            """{"tasks":[],"failures":[]}""",
            new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = KeyId, ["AWS_SECRET_ACCESS_KEY"] = Secret, ["AWS_SESSION_TOKEN"] = SessionToken, ["AWS_DEFAULT_REGION"] = "us-east-1" },
            TestTimeout.Token(TimeSpan.FromSeconds(90)));

        Assert.Equal(("POST", "/"), (cli.Method, cli.PathAndQuery));
        Assert.Equal(AwsEcsRemote.TargetPrefix + "RunTask", cli.Header("X-Amz-Target"));
        Assert.Equal(ours.ContentType, cli.Header("Content-Type"));
        Assert.True(JsonNode.DeepEquals(ours.Body, JsonNode.Parse(cli.Body)), $"the CLI sent {System.Text.Encoding.UTF8.GetString(cli.Body)}\nBazaar sent {ours.Body}");

        // Bazaar's signer on the CLI's request (its bytes, its headers, its time).
        var uri = new Uri($"http://{cli.Header("Host")}{cli.PathAndQuery}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(cli.Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(cli.Header("Content-Type")!);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", cli.Header("X-Amz-Target"));
        var signedAt = DateTime.ParseExact(cli.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        await AwsRequestSigner.SignAsync(request, cli.Body, new SessionAWSCredentials(KeyId, Secret, SessionToken), "us-east-1", AwsEcsRemote.SigningService, signedAt, TestTimeout.Token());

        Assert.Contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target,", Normalize(cli.Header("Authorization")), StringComparison.Ordinal);
        Assert.Equal(Normalize(cli.Header("Authorization")), Normalize(string.Join(',', request.Headers.GetValues("Authorization"))));
        Assert.Equal(cli.Header("X-Amz-Content-SHA256"), request.Headers.GetValues("X-Amz-Content-SHA256").Single());
        Assert.Equal(SessionToken, request.Headers.GetValues("X-Amz-Security-Token").Single());
    }

    public void Dispose()
    {
        this.ecs.Dispose();
        this.temp.Dispose();
    }

    private static string? Normalize(string? authorization) => authorization?.Replace(", ", ",", StringComparison.Ordinal);
}
