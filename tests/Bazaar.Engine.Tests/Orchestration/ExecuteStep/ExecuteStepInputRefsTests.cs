using Bazaar.Graphs;
using Bazaar.Remotes;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>
/// One attempt reads each input's ref once, whichever parts of the pipeline need it: the cache key,
/// the materialised inputs, the URLs of a payload remote (issue 15: up to three reads before).
/// </summary>
public sealed class ExecuteStepInputRefsTests : IDisposable
{
    private static readonly StepDefinition Step = ExecuteStepHarness.Step(consumes: ["a", "b"], cache: true);

    private readonly ExecuteStepHarness harness = new();

    public void Dispose() => this.harness.Dispose();

    [Fact]
    public async Task RunAsync_CachedStepOnALocalRemote_ReadsEachInputRefOnce()
    {
        await this.harness.PutFileAsync("run1", "a", "1");
        await this.harness.PutFileAsync("run1", "b", "2");
        var remote = ScriptedRemote.InWorkspace((_, _) => Task.CompletedTask);

        var result = await this.harness.RunAsync(remote, Step);

        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Equal(1, this.harness.Refs.ReadsOf("run1", "a"));
        Assert.Equal(1, this.harness.Refs.ReadsOf("run1", "b"));
    }

    [Fact]
    public async Task RunAsync_CachedStepOnAPayloadRemote_ReadsEachInputRefOnce()
    {
        await this.harness.PutFileAsync("run1", "a", "1");
        await this.harness.PutFileAsync("run1", "b", "2");
        var remote = new ScriptedRemote(async (context, token) =>
        {
            await context.Workspace.GetProductUrlsAsync(DateTimeOffset.UtcNow.AddMinutes(5), token);
            return RemoteResult.Success;
        });

        var result = await this.harness.RunAsync(remote, Step);

        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Equal(1, this.harness.Refs.ReadsOf("run1", "a"));
        Assert.Equal(1, this.harness.Refs.ReadsOf("run1", "b"));
    }
}
