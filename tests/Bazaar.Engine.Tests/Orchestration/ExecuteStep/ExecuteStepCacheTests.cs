using Bazaar.Behaviors;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>The cache behaviour on the in-memory store: a hit makes the recorded outputs exist without running the step.</summary>
public sealed class ExecuteStepCacheTests : IDisposable
{
    private static readonly StepDefinition Build = ExecuteStepHarness.Step(consumes: ["src"], produces: [new ProductOutput("out", "out.txt")], cache: true);

    private readonly ExecuteStepHarness harness = new();
    private readonly ScriptedRemote remote = ScriptedRemote.InWorkspace(async (folder, _) =>
        await File.WriteAllTextAsync(Path.Combine(folder, "out.txt"), "built from " + await File.ReadAllTextAsync(Path.Combine(folder, "src"))));

    public void Dispose() => this.harness.Dispose();

    [Fact]
    public async Task RunAsync_SameStepAndInputsInALaterRun_OutputsComeFromTheCacheWithoutRunningIt()
    {
        await this.harness.PutFileAsync("run1", "src", "x");
        await this.harness.PutFileAsync("run2", "src", "x");

        var first = await this.harness.RunAsync(this.remote, Build, runId: "run1");
        var second = await this.harness.RunAsync(this.remote, Build, runId: "run2");

        Assert.Equal(1, this.remote.Runs);
        Assert.Equal(StepState.Succeeded, first.State);
        Assert.Equal(StepState.Cached, second.State);
        Assert.Equal("cache", second.Behavior);
        var made = await this.harness.Store.GetAsync("run2", "out", TestTimeout.Token());
        Assert.NotNull(made);
        Assert.Equal(first.Products.Single().Digest, made.Digest);
        Assert.Equal("run2", made.Producer.RunId);
        Assert.Equal("built from x", await this.harness.ReadTextAsync(made));
        Assert.Contains("the step was not run", await this.harness.ReadLogAsync("run2", "s"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnInputChanged_CacheMissesAndTheStepRuns()
    {
        await this.harness.PutFileAsync("run1", "src", "x");
        await this.harness.PutFileAsync("run2", "src", "y");

        await this.harness.RunAsync(this.remote, Build, runId: "run1");
        var second = await this.harness.RunAsync(this.remote, Build, runId: "run2");

        Assert.Equal(2, this.remote.Runs);
        Assert.Equal(StepState.Succeeded, second.State);
        Assert.Equal("built from y", await this.harness.ReadTextAsync(second.Products.Single()));
    }

    [Fact]
    public async Task RunAsync_CacheEntryNamesContentThatIsGone_RunsTheStep()
    {
        var source = await this.harness.PutFileAsync("run1", "src", "x");
        var key = StepCacheKey.Compute(Build, new Dictionary<string, string> { ["src"] = source.Digest });
        var gone = source with { Name = "out", Digest = TestDigests.Of("content nobody stored"), Producer = new ProductProducer("run0", "s", 1, ScriptedRemote.TypeName) };
        await this.harness.Store.PutCacheEntryAsync(
            new CacheEntry { Key = key, RunId = "run0", Step = "s", Outputs = [gone], CreatedAt = DateTimeOffset.UnixEpoch }, TestTimeout.Token());

        var result = await this.harness.RunAsync(this.remote, Build);

        Assert.Equal(1, this.remote.Runs);
        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Equal(TestDigests.Of("built from x"), result.Products.Single().Digest);
        Assert.Contains("is gone", await this.harness.ReadLogAsync("run1", "s"), StringComparison.Ordinal);
    }
}
