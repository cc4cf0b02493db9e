using System.Text;
using System.Text.Json;
using Bazaar.Http;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bazaar.Http.Tests.Security;

/// <summary>
/// Issue 14 at the HTTP API: <c>POST /api/runs</c> refuses an alias bomb with 413 before building
/// it, and a graph that asks for a host variable the host does not share with 400; neither is
/// scheduled. The store and the task hub client are mocks: nothing here reaches them.
/// </summary>
public sealed class RunsApiTrustTests
{
    private readonly Mock<DurableTaskClient> client = new("bazaar");
    private readonly BazaarOptions bazaarOptions = new();

    [Fact]
    public async Task StartRun_AliasBomb_Answers413SayingTheGraphExpandsPastTheBudget()
    {
        var ct = TestTimeout.Token();
        var request = Request(AliasBombs.WideAnchorReusedByThousandsOfSteps(), "application/yaml", ct);

        var answer = await this.Api().StartRunAsync(this.client.Object, request, ct);

        var (status, body) = await ExecuteAsync(answer, request);
        Assert.Equal(413, status);
        Assert.Equal("Graph too large", body.GetProperty("title").GetString());
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("expands past what this server builds", detail, StringComparison.Ordinal);
        Assert.Contains("each alias counted as a full copy of its anchor", detail, StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetProperty("message").GetString()!.Contains("alias '*s'", StringComparison.Ordinal));
        this.VerifyNothingScheduled();
    }

    [Fact]
    public async Task StartRun_SecretTheHostDoesNotShare_Answers400NamingItAndHowToShareIt()
    {
        var ct = TestTimeout.Token();
        var request = Request("name: steal\nsteps:\n  leak: { run: 'echo $BAZAAR_STORAGE', secrets: [BAZAAR_STORAGE] }\n", "application/yaml", ct);

        var answer = await this.Api().StartRunAsync(this.client.Object, request, ct);

        var (status, body) = await ExecuteAsync(answer, request);
        Assert.Equal(400, status);
        var message = Assert.Single(body.GetProperty("problems").EnumerateArray()).GetProperty("message").GetString()!;
        Assert.Contains("step 'leak' asks for the secret BAZAAR_STORAGE", message, StringComparison.Ordinal);
        Assert.Contains(ShareableSecrets.Variable, message, StringComparison.Ordinal);
        this.VerifyNothingScheduled();
    }

    [Fact]
    public async Task StartRun_SecretTheHostShares_IsScheduled()
    {
        var ct = TestTimeout.Token();
        this.bazaarOptions.ShareableSecrets.Add("DEPLOY_TOKEN");
        this.client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
        var request = Request("name: deploy\nsteps:\n  push: { run: 'true', secrets: [DEPLOY_TOKEN] }\n", "application/yaml", ct);

        var answer = await this.Api().StartRunAsync(this.client.Object, request, ct);

        Assert.Equal(202, Assert.IsAssignableFrom<IStatusCodeHttpResult>(answer).StatusCode);
    }

    private static HttpRequest Request(string body, string contentType, CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext { RequestAborted = cancellationToken };
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("bazaar.test");
        context.Request.Path = "/api/runs";
        context.Request.ContentType = contentType;
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private static async Task<(int Status, JsonElement Body)> ExecuteAsync(IResult answer, HttpRequest request)
    {
        await answer.ExecuteAsync(request.HttpContext);
        var response = request.HttpContext.Response;
        response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(response.Body);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private RunsApi Api()
    {
        var process = new Mock<IRemote>();
        process.SetupGet(r => r.Type).Returns("process");
        var refs = Mock.Of<IProductRefs>();
        return new RunsApi(
            Mock.Of<IContentStore>(),
            refs,
            new RunCatalog(refs, Mock.Of<IStepRecords>(), Mock.Of<IStepLogs>(), Mock.Of<ICancelRequests>()),
            new InstalledRemoteTypes([process.Object]),
            Options.Create(new HttpApiOptions()),
            Options.Create(this.bazaarOptions),
            TimeProvider.System,
            NullLogger<RunsApi>.Instance);
    }

    private void VerifyNothingScheduled() => this.client.Verify(
        c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
        Times.Never);
}
