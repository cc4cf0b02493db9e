using Bazaar.Graphs;
using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>Secrets on the in-memory store: a step gets the secrets it declares, and no value of any of the graph's is left behind.</summary>
public sealed class ExecuteStepSecretsTests : IDisposable
{
    private readonly ExecuteStepHarness harness = new();
    private readonly string name = "TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string value = "s3cret-" + Guid.NewGuid().ToString("N");

    public ExecuteStepSecretsTests()
    {
        Environment.SetEnvironmentVariable(this.name, this.value);
        this.harness.Options.ShareableSecrets.Add(this.name);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(this.name, null);
        this.harness.Dispose();
    }

    [Fact]
    public async Task RunAsync_RemoteEchoesItsSecret_ValueRedactedFromTheLogTheRecordAndTheResult()
    {
        string? given = null;
        var remote = new ScriptedRemote(async (context, token) =>
        {
            given = context.Environment.GetValueOrDefault(this.name);
            await context.Log.WriteLineAsync($"token is {given}", token);
            return new RemoteResult { ExitCode = 1, Message = $"the service refused {given}" };
        });

        var result = await this.harness.RunAsync(remote, ExecuteStepHarness.Step(secrets: [this.name]));

        Assert.Equal(this.value, given);
        Assert.Equal(StepState.Failed, result.State);
        var record = await this.harness.Store.GetStepRecordAsync("run1", "s", TestTimeout.Token());
        var log = await this.harness.ReadLogAsync("run1", "s");
        foreach (var text in new[] { result.Error!, record!.Error!, log! })
        {
            Assert.DoesNotContain(this.value, text, StringComparison.Ordinal);
            Assert.Contains("***", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_AnotherStepsSecretReachesTheLog_ItIsWithheldFromThisStepAndRedacted()
    {
        string? given = null;
        var remote = new ScriptedRemote(async (context, token) =>
        {
            given = context.Environment.GetValueOrDefault(this.name);

            // As if read from a file the other step left, or inherited from the host's environment.
            await context.Log.WriteLineAsync($"found {this.value}", token);
            return RemoteResult.Success;
        });

        var result = await this.harness.RunAsync(remote, ExecuteStepHarness.Step(), graphSecrets: [this.name]);

        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Null(given);
        var log = await this.harness.ReadLogAsync("run1", "s");
        Assert.DoesNotContain(this.value, log, StringComparison.Ordinal);
        Assert.Contains("found ***", log, StringComparison.Ordinal);
    }
}
