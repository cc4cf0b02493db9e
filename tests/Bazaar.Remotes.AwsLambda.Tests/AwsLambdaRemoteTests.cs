using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bazaar.Graphs;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>How Lambda's failures reach a step, against serverless-offline.</summary>
[Collection(LambdaCollection.Name)]
public sealed class AwsLambdaRemoteTests(LambdaFixture fixture, ITestOutputHelper output)
{
    [LambdaFact]
    public async Task ExecuteAsync_FunctionThrows_FailsWithTheErrorTypeAndMessage()
    {
        var context = Context(LambdaFixture.FailFunction, StepCommand.FromShell("true"));

        var error = await Assert.ThrowsAsync<AwsLambdaRemoteException>(() => fixture.CreateRemote().ExecuteAsync(context, TestTimeout.Token()));

        Assert.Contains("Step 'work'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{LambdaFixture.FailFunction}' failed with Error: the example failure handler always throws", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<BazaarException>(error);
        Assert.Equal(FailureKind.StepFailed, error.Kind);
    }

    [LambdaFact]
    public async Task ExecuteAsync_UnknownFunction_FailsNamingTheFunctionAndWhatToCheck()
    {
        var context = Context("no-such-function", StepCommand.FromShell("true"));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AwsLambdaRemoteException>(() => fixture.CreateRemote().ExecuteAsync(context, TestTimeout.Token()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a 404 is not retried; took {clock.Elapsed}");
        Assert.Contains("'no-such-function' in us-east-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("404 ResourceNotFoundException: Function not found: no-such-function", error.Message, StringComparison.Ordinal);
        Assert.Contains("check function:", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Misconfigured, error.Kind);
    }

    [LambdaFact]
    public async Task ExecuteAsync_UnreachableEndpoint_RetriesThenFailsNamingTheEndpoint()
    {
        var port = ClosedPort();
        var remote = fixture.CreateRemote(o => o.ServiceUrl = new Uri($"http://127.0.0.1:{port}"));
        var context = Context(LambdaFixture.StepFunction, StepCommand.FromShell("true"));

        var error = await Assert.ThrowsAsync<AwsLambdaRemoteException>(() => remote.ExecuteAsync(context, TestTimeout.Token()));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("failed 4 time(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not reach", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ENDPOINT_URL_LAMBDA", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Infrastructure, error.Kind);
    }

    [LambdaFact]
    public async Task ExecuteAsync_EndpointFromAwsEnvironmentVariable_IsUsed()
    {
        var remote = new AwsLambdaRemote(
            Microsoft.Extensions.Options.Options.Create(new AwsLambdaRemoteOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AwsLambdaRemote>.Instance,
            TimeProvider.System)
        {
            GetEnvironmentVariable = name => name switch
            {
                "AWS_ENDPOINT_URL_LAMBDA" => fixture.Endpoint.ToString(),
                "AWS_REGION" => "us-east-1",
                _ => null,
            },
        };
        var log = new RecordingStepLog();

        var result = await remote.ExecuteAsync(Context(LambdaFixture.StepFunction, StepCommand.FromArgs("echo", "via env"), log), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["via env"], log.Lines);
    }

    [LambdaFact]
    public async Task ExecuteAsync_TenInvocations_MedianLatencyIsSmall()
    {
        var remote = fixture.CreateRemote();
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = await remote.ExecuteAsync(Context(LambdaFixture.StepFunction, StepCommand.FromArgs("true")), TestTimeout.Token());
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(0, result.ExitCode);
        }

        times.Sort();
        var median = (times[4] + times[5]) / 2;
        output.WriteLine($"Lambda step through serverless-offline: median {median:F0} ms of 10 (min {times[0]:F0}, max {times[^1]:F0})");
        Assert.True(median < 3000, $"median {median:F0} ms");
    }

    internal static StepContext Context(string function, StepCommand run, RecordingStepLog? log = null)
    {
        var step = new StepDefinition { Name = "work", Run = run, Remote = new AwsLambdaRemoteSpec(function).ToDefinition() };
        return TestStepContext.Create(step, new FakeStepWorkspace(Path.GetTempPath()), log ?? new RecordingStepLog());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
