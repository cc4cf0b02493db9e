using System.Net;
using System.Text;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>The remote alone against a scripted loopback HTTP server: retries, and what it sends.</summary>
public sealed class AwsLambdaRemoteRetryTests
{
    [Fact]
    public async Task ExecuteAsync_ThrottledThenServerError_RetriesAndSucceeds()
    {
        using var server = new ScriptedLambda(
            (429, "{\"message\":\"Rate exceeded\"}", "TooManyRequestsException"),
            (502, "{}", null),
            (200, "{\"exitCode\":0,\"logTail\":\"done\\n\"}", null));
        var log = new RecordingStepLog();

        var result = await Remote(server).ExecuteAsync(AwsLambdaRemoteTests.Context("f", StepCommand.FromShell("true"), log), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(["done"], log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_AlwaysThrottled_FailsAfterMaxAttempts()
    {
        using var server = new ScriptedLambda(Enumerable.Repeat((429, "{\"message\":\"Rate exceeded\"}", (string?)"TooManyRequestsException"), 5).ToArray());

        var error = await Assert.ThrowsAsync<AwsLambdaRemoteException>(
            () => Remote(server, o => o.MaxAttempts = 3).ExecuteAsync(AwsLambdaRemoteTests.Context("f", StepCommand.FromShell("true")), TestTimeout.Token()));

        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("failed 3 time(s); the last: 429 TooManyRequestsException: Rate exceeded", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Infrastructure, error.Kind);
    }

    [Fact]
    public async Task ExecuteAsync_Request_IsASignedProtocolRequestWithTheStepsUrlsAndNoBytes()
    {
        using var server = new ScriptedLambda((200, "{\"exitCode\":3,\"message\":\"bad input\",\"logTail\":\"a\\nb\\n\"}", null));
        var step = new StepDefinition
        {
            Name = "work",
            Run = StepCommand.FromArgs("tool", "$HOME", "a b"),
            Remote = new AwsLambdaRemoteSpec("arn:aws:lambda:eu-west-1:123456789012:function:f") { Qualifier = "live" }.ToDefinition(),
            Env = new Dictionary<string, string> { ["GREETING"] = "hi" },
            Timeout = TimeSpan.FromSeconds(30),
        };
        var workspace = new FakeStepWorkspace(Path.GetTempPath())
        {
            Urls = new StepProductUrls
            {
                Inputs = new Dictionary<string, RemoteStepInput> { ["src"] = new(new Uri("http://127.0.0.1:1/c/cas?sig=in"), "sha256:00", ProductKind.Directory) },
                Outputs = new Dictionary<string, RemoteStepOutput> { ["bin"] = new(new Uri("http://127.0.0.1:1/c/up?sig=out"), "out/", ProductKind.Directory) },
            },
        };
        var log = new RecordingStepLog();
        var before = DateTimeOffset.UtcNow;

        var result = await Remote(server).ExecuteAsync(TestStepContext.Create(step, workspace, log), TestTimeout.Token());

        var request = Assert.Single(server.Requests);
        Assert.Equal("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Af/invocations?Qualifier=live", request.PathAndQuery);
        Assert.Equal("RequestResponse", request.Headers["X-Amz-Invocation-Type"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDBAZAARTEST/", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/lambda/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("work", body.GetProperty("step").GetString());
        Assert.Equal(1, body.GetProperty("attempt").GetInt32());
        Assert.Equal(["tool", "$HOME", "a b"], body.GetProperty("run").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("hi", body.GetProperty("env").GetProperty("GREETING").GetString());
        Assert.Equal("directory", body.GetProperty("inputs").GetProperty("src").GetProperty("kind").GetString());
        Assert.Equal("http://127.0.0.1:1/c/up?sig=out", body.GetProperty("outputs").GetProperty("bin").GetProperty("url").GetString());
        var deadline = body.GetProperty("deadline").GetDateTimeOffset();
        Assert.InRange(deadline, before.AddSeconds(29), DateTimeOffset.UtcNow.AddSeconds(31));
        Assert.Equal(deadline, workspace.UrlsExpireOn);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("step 'work' exited with code 3 on Lambda function", result.Message, StringComparison.Ordinal);
        Assert.Contains("bad input", result.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], log.Lines);
    }

    private static AwsLambdaRemote Remote(ScriptedLambda server, Action<AwsLambdaRemoteOptions>? configure = null)
    {
        var options = new AwsLambdaRemoteOptions { ServiceUrl = server.Endpoint, Region = "us-east-1", RetryBaseDelay = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        return new AwsLambdaRemote(Options.Create(options), NullLogger<AwsLambdaRemote>.Instance, TimeProvider.System)
        {
            GetEnvironmentVariable = _ => null,
        };
    }

    /// <summary>An HTTP listener on loopback that answers each request with the next scripted response.</summary>
    private sealed class ScriptedLambda : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task serving;

        public ScriptedLambda(params (int Status, string Body, string? ErrorType)[] script)
        {
            LambdaFixture.UseTestCredentials();
            var port = FreePort();
            this.Endpoint = new Uri($"http://127.0.0.1:{port}/");
            this.listener.Prefixes.Add(this.Endpoint.ToString());
            this.listener.Start();
            this.serving = Task.Run(async () =>
            {
                foreach (var (status, body, errorType) in script)
                {
                    var context = await this.listener.GetContextAsync();
                    using var reader = new StreamReader(context.Request.InputStream);
                    this.Requests.Add(new Captured(
                        context.Request.Url!.PathAndQuery,
                        context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase),
                        await reader.ReadToEndAsync()));
                    context.Response.StatusCode = status;
                    if (errorType is not null)
                    {
                        context.Response.Headers["x-amzn-ErrorType"] = errorType;
                    }

                    var bytes = Encoding.UTF8.GetBytes(body);
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public Uri Endpoint { get; }

        public List<Captured> Requests { get; } = [];

        public void Dispose()
        {
            this.listener.Close();
            _ = this.serving.Exception;
        }

        private static int FreePort()
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }

    private sealed record Captured(string PathAndQuery, Dictionary<string, string> Headers, string Body);
}
