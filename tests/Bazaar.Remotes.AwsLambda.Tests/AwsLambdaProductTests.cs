using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Xunit.Abstractions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>Lambda steps in whole runs on the real durable host over Azurite: products in and out through SAS URLs.</summary>
[Collection(LambdaCollection.Name)]
public sealed class AwsLambdaProductTests(LambdaFixture fixture, ITestOutputHelper output)
{
    private static readonly IReadOnlySet<string> Remotes = new HashSet<string>(StringComparer.Ordinal) { "process", "aws-lambda" };

    [LambdaFact]
    public async Task Run_LambdaExample_ProcessStepReadsWhatTheLambdaStepUploaded()
    {
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/lambda.yaml"), Remotes);

        var result = await this.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var shout = result.Steps.Single(s => s.Step == "shout");
        Assert.Equal("aws-lambda", shout.Remote);
        Assert.Equal(ProductKind.Directory, shout.Products.Single(p => p.Name == "loud").Kind);
        var final = result.Steps.Single(s => s.Step == "show").Products.Single();
        Assert.Equal("HELLO FROM A LOCAL STEP!", await this.ReadTextAsync(final));
        output.WriteLine($"Lambda step as an activity (URLs, invocation, collecting outputs): {shout.Duration!.Value.TotalMilliseconds:F0} ms");
    }

    [LambdaFact]
    public async Task Run_LambdaStep_NoSasUrlInResultsRecordsOrLog()
    {
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/lambda.yaml"), Remotes);

        var result = await this.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var ct = TestTimeout.Token();
        var record = await fixture.Records.GetStepRecordAsync(result.RunId, "shout", ct);
        string log;
        await using (var stream = (await fixture.Logs.OpenLogReadAsync(result.RunId, "shout", 1, 0, ct))!)
        {
            log = await new StreamReader(stream).ReadToEndAsync(ct);
        }

        var history = await fixture.Host.Client.GetInstanceAsync(result.RunId, getInputsAndOutputs: true, ct);
        foreach (var text in new[] { JsonSerializer.Serialize(result), JsonSerializer.Serialize(record), log, history!.SerializedInput!, history.SerializedOutput! })
        {
            Assert.DoesNotContain("sig=", text, StringComparison.Ordinal);
            Assert.DoesNotContain("se=", text, StringComparison.Ordinal);
        }
    }

    [LambdaFact]
    public async Task Run_LambdaStepWithBadSettingsThatSkippedValidation_FailsNamingTheStepAndSetting()
    {
        // Read against bare type names, as a host without the plug-in's validator would: the remote checks again.
        var graph = GraphFile.Parse(
            """
            name: misconfigured
            steps:
              lost:
                run: "true"
                remote: { type: aws-lambda, function: "not a name" }
            """,
            "misconfigured.yaml",
            Remotes);

        var result = await this.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("step 'lost' has bad aws-lambda settings: aws-lambda setting 'function' is 'not a name'", step.Error, StringComparison.Ordinal);
    }

    [LambdaFact]
    public async Task Run_FunctionThatDoesNotExistUnderRetryOnAny_IsMisconfiguredAndTriedOnce()
    {
        var graph = GraphFile.Parse(
            """
            name: nowhere
            steps:
              lost:
                run: "true"
                remote: { type: aws-lambda, function: no-such-function }
                retry: { attempts: 3, backoff: 100ms, on: any }
            """,
            "nowhere.yaml",
            Remotes);

        var result = await this.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal<(StepState, FailureKind?, int)>((StepState.Failed, FailureKind.Misconfigured, 1), (step.State, step.Failure, step.Attempts));
        Assert.Contains("404 ResourceNotFoundException", step.Error, StringComparison.Ordinal);
        Assert.Contains("not tried again", step.Note, StringComparison.Ordinal);
    }

    private async Task<RunResult> RunAsync(GraphDefinition graph)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var runId = "lambda-" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph,
            new RunRequest { RunId = runId, Graph = graph, Inputs = [], Options = new RunOptions() },
            new StartOrchestrationOptions { InstanceId = runId },
            cancel.Token);
        var metadata = await fixture.Host.Client.WaitForRunAsync(runId, cancellationToken: cancel.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"run {runId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return metadata.ReadOutputAs<RunResult>()!;
    }

    private async Task<string> ReadTextAsync(ProductRef product)
    {
        await using var stream = await fixture.Content.OpenReadAsync(product, TestTimeout.Token());
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static string Describe(RunResult result) =>
        string.Join("\n", result.Steps.Select(s => $"{s.Step}: {s.State} {s.Error}"));
}
