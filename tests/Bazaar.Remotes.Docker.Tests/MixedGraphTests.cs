using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>A graph mixing process and docker steps, end to end on the real durable host over Azurite.</summary>
[Collection(DockerCollection.Name)]
public sealed class MixedGraphTests(DockerEngineFixture engine, DockerHostFixture fixture) : IClassFixture<DockerHostFixture>
{

    [Fact]
    public async Task Run_ProcessThenDockerThenProcess_ProductsFlowThroughTheContainer()
    {
        using var input = new TempDirectory();
        input.Write("words.txt", "alpha\nbeta\n");
        var graph = this.Load($$"""
            name: mixed
            inputs: [words]
            remotes:
              box: { type: docker, image: {{DockerEngineFixture.Image}}, memory: 64m }
            steps:
              count:
                run: wc -l < words > count.txt
                consumes: [words]
                produces: { count: count.txt }
              shout:
                run: mkdir -p out && tr a-z A-Z < words > out/upper.txt && cp count out/count.txt && id -u > out/uid.txt
                remote: box
                consumes: [words, count]
                produces: { loud: out/ }
              report:
                run: [sh, -c, 'cat loud/upper.txt loud/count.txt > report.txt']
                consumes: [loud]
                produces: { report: report.txt }
            """);

        var result = await DurableRuns.RunAsync(fixture.Host, graph, inputs: new Dictionary<string, string> { ["words"] = input["words.txt"] }, timeout: TimeSpan.FromSeconds(90));

        Assert.True(result.Succeeded, string.Join("; ", result.Steps.Select(s => $"{s.Step}={s.State} {s.Error}")));
        Assert.Equal("docker", result.Steps.Single(s => s.Step == "shout").Remote);
        var report = result.Steps.Single(s => s.Step == "report").Products.Single();
        await using var stream = await fixture.Host.Services.GetRequiredService<IContentStore>().OpenReadAsync(report, TestTimeout.Token());
        using var reader = new StreamReader(stream);
        Assert.Equal("ALPHA\nBETA\n2\n", await reader.ReadToEndAsync(TestTimeout.Token()));
        Assert.Empty(await engine.ContainersOfRunAsync(result.RunId));
    }

    [Fact]
    public async Task Run_DockerStepFails_StepFailedWithLogTailAndDependentsSkipped()
    {
        var graph = this.Load($$"""
            name: mixed-fail
            steps:
              boom:
                run: echo 'about to fail' >&2; exit 4
                remote: { type: docker, image: {{DockerEngineFixture.Image}} }
                produces: { p: p.txt }
              after:
                run: cat p
                consumes: [p]
            """);

        var result = await DurableRuns.RunAsync(fixture.Host, graph, timeout: TimeSpan.FromSeconds(90));

        var boom = result.Steps.Single(s => s.Step == "boom");
        Assert.Equal(StepState.Failed, boom.State);
        Assert.Equal(4, boom.ExitCode);
        Assert.Contains("about to fail", boom.Error, StringComparison.Ordinal);
        Assert.Equal(StepState.Skipped, result.Steps.Single(s => s.Step == "after").State);
    }

    [Fact]
    public async Task Run_ImageMissingUnderPullNeverWithRetryOnAny_IsMisconfiguredAndTriedOnce()
    {
        var graph = this.Load("""
            name: no-image
            steps:
              boxed:
                run: "true"
                remote: { type: docker, image: bazaar-test/absent:1, pull: never }
                retry: { attempts: 3, backoff: 100ms, on: any }
            """);

        var result = await DurableRuns.RunAsync(fixture.Host, graph, timeout: TimeSpan.FromSeconds(90));

        var step = Assert.Single(result.Steps);
        Assert.Equal<(StepState, FailureKind?, int)>((StepState.Failed, FailureKind.Misconfigured, 1), (step.State, step.Failure, step.Attempts));
        Assert.Contains("pull policy is never", step.Error, StringComparison.Ordinal);
        Assert.Contains("not tried again", step.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RegistryUnreachableUnderDefaultRetry_IsAnInfrastructureFailureAndTriedAgain()
    {
        // Nothing serves this registry: the pull fails however the engine is set up, and might not next time.
        var graph = this.Load("""
            name: no-registry
            steps:
              boxed:
                run: "true"
                remote: { type: docker, image: 127.0.0.1:9/bazaar/absent:1, pull: always }
                retry: { attempts: 2, backoff: 100ms }
            """);

        var result = await DurableRuns.RunAsync(fixture.Host, graph, timeout: TimeSpan.FromSeconds(90));

        var step = Assert.Single(result.Steps);
        Assert.Equal<(StepState, FailureKind?, int)>((StepState.Failed, FailureKind.Infrastructure, 2), (step.State, step.Failure, step.Attempts));
        Assert.Equal("failed on all 2 of 2 tries", step.Note);
    }

    private GraphDefinition Load(string yaml) => fixture.Load(yaml);
}
