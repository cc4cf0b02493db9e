using Bazaar.Graphs;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>
/// The aws-lambda remote checks its settings when a graph is validated (<c>bazaar validate</c>, submitting to
/// the HTTP API), with the graph's other problems: each names the step or remote, the setting, its line and
/// what to write; and again when a step runs, for a graph that reached the host unchecked.
/// </summary>
public sealed class AwsLambdaRemoteValidationTests
{
    [Fact]
    public void Validate_GraphWithBadLambdaSettings_ReportsEachWithStepSettingLineAndWhatToDo()
    {
        using var provider = Services();

        var problems = Assert.Throws<GraphValidationException>(() => GraphFile.Parse(
            """
            name: g
            remotes:
              fn: { type: aws-lambda, function: bazaar-step, region: Mars }
            steps:
              a: { run: echo, remote: fn }
              b: { run: echo, remote: fn }
              c:
                run: echo
                remote:
                  type: aws-lambda
                  function: "not a name"
              d: { run: echo, remote: { type: aws-lambda, function: f, qualifier: "no/slash" } }
              e: { run: echo, remote: { type: aws-lambda, function: f, endpoint: "http://evil.example" } }
              f: { run: echo, remote: aws-lambda }
            """,
            "g.yaml",
            new RemoteTypeSet(provider.GetServices<IRemote>()))).Problems;

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Line == 3 && p.Message.StartsWith("remote 'fn': aws-lambda setting 'region' is 'Mars', which is not an AWS region; write one such as us-east-1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 11 && p.Message.StartsWith("step 'c': aws-lambda setting 'function' is 'not a name', which is not a Lambda function; write a name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 12 && p.Message.StartsWith("step 'd': aws-lambda setting 'qualifier' is 'no/slash'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 13 && p.Message.StartsWith("step 'e': aws-lambda setting 'endpoint' is not known", StringComparison.Ordinal) && p.Message.Contains("AWS_ENDPOINT_URL_LAMBDA", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.StartsWith("step 'f': the aws-lambda remote needs function:, the function to invoke, e.g. { type: aws-lambda, function: my-function }", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LambdaExample_HasNoProblems()
    {
        using var provider = Services();

        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/lambda.yaml"), new RemoteTypeSet(provider.GetServices<IRemote>()));

        Assert.Contains(graph.Steps, s => s.Remote.Type == "aws-lambda");
    }

    [Fact]
    public void Validate_SpecAppliedToStep_HasNoProblems()
    {
        var g = new Graph("g");
        new AwsLambdaRemoteSpec("arn:aws:lambda:eu-west-1:123456789012:function:f") { Qualifier = "live" }.Apply(new Step("s", g).Run("echo", "hi"));
        using var provider = Services();

        var definition = g.Validate(new RemoteTypeSet(provider.GetServices<IRemote>()));

        Assert.Equal("live", definition.Steps[0].Remote.Settings["qualifier"].GetString());
    }

    [Fact]
    public async Task ExecuteAsync_BadSettingsThatSkippedValidation_ThrowsNamingRemoteStepAndSettingBeforeCalling()
    {
        using var provider = Services();
        var remote = provider.GetServices<IRemote>().Single(r => r.Type == "aws-lambda");
        var step = new StepDefinition
        {
            Name = "work",
            Run = StepCommand.FromShell("true"),
            Remote = new AwsLambdaRemoteSpec("has space").ToDefinition() with { Name = "fn" },
        };

        var error = await Assert.ThrowsAsync<AwsLambdaRemoteException>(
            () => remote.ExecuteAsync(TestStepContext.Create(step, new FakeStepWorkspace(Path.GetTempPath()), new RecordingStepLog()), TestTimeout.Token()));

        Assert.StartsWith("remote 'fn' of step 'work' has bad aws-lambda settings: aws-lambda setting 'function' is 'has space'", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddProcessRemote().AddAwsLambdaRemote(o => o.ServiceUrl = new Uri("http://127.0.0.1:9"));
        return services.BuildServiceProvider();
    }
}
