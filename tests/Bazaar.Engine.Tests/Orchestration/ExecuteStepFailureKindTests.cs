using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Bazaar.Engine.Tests.Orchestration;

/// <summary>
/// The <c>ExecuteStep</c> activity carries the remote's failure kind into the step's result, and
/// gives one to what it throws itself — the kind the orchestrator's retry decides from. On Azurite,
/// with a scripted remote.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExecuteStepFailureKindTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => this.work.Dispose();

    [Fact]
    public async Task RunAsync_RemoteThrowsWithoutAKind_InfrastructureFailureWorthAnotherTry()
    {
        var result = await this.ExecuteAsync(_ => throw new BazaarException("the service is unreachable"));

        Assert.Equal<(StepState, FailureKind?, bool)>((StepState.Failed, FailureKind.Infrastructure, true), (result.State, result.Failure, result.Retryable));
        Assert.Equal("the service is unreachable", result.Error);
    }

    [Fact]
    public async Task RunAsync_RemoteThrowsMisconfigured_KindKeptAndNotRetryable()
    {
        var result = await this.ExecuteAsync(_ => throw new BazaarException("no such function") { Kind = FailureKind.Misconfigured });

        Assert.Equal<(StepState, FailureKind?, bool)>((StepState.Failed, FailureKind.Misconfigured, false), (result.State, result.Failure, result.Retryable));
    }

    [Fact]
    public async Task RunAsync_RemoteReportsANonZeroExit_StepFailed()
    {
        var result = await this.ExecuteAsync(context => Task.FromResult(RemoteResult.Exited(context, 3)));

        Assert.Equal<(StepState, FailureKind?, int?)>((StepState.Failed, FailureKind.StepFailed, 3), (result.State, result.Failure, result.ExitCode));
    }

    [Fact]
    public async Task RunAsync_RemoteReportsATimeout_TimedOutUnderTheTimeoutBehaviour()
    {
        var result = await this.ExecuteAsync(context => Task.FromResult(RemoteResult.TimedOutAfter(context)));

        Assert.Equal<(FailureKind?, string?, bool)>((FailureKind.TimedOut, "timeout", true), (result.Failure, result.Behavior, result.Retryable));
    }

    [Fact]
    public async Task RunAsync_RemoteReportsAKindWithItsResult_KindKept()
    {
        var result = await this.ExecuteAsync(_ => Task.FromResult(new RemoteResult { ExitCode = 1, Failure = FailureKind.Misconfigured, Message = "bad settings" }));

        Assert.Equal<(FailureKind?, string?)>((FailureKind.Misconfigured, "bad settings"), (result.Failure, result.Error));
    }

    [Fact]
    public async Task RunAsync_SecretThisHostDoesNotHave_MisconfiguredAndTheRemoteNeverRuns()
    {
        var name = "TEST_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var ran = false;

        var result = await this.ExecuteAsync(
            _ =>
            {
                ran = true;
                return Task.FromResult(RemoteResult.Success);
            },
            step => step with { Secrets = [name] },
            options => options.ShareableSecrets.Add(name));

        Assert.False(ran);
        Assert.Equal<(StepState, FailureKind?)>((StepState.Failed, FailureKind.Misconfigured), (result.State, result.Failure));
        Assert.Contains(name, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RemoteTypeNotInstalledOnThisHost_Misconfigured()
    {
        var result = await this.ExecuteAsync(_ => Task.FromResult(RemoteResult.Success), step => step with { Remote = new RemoteDefinition { Type = "elsewhere" } });

        Assert.Equal<(StepState, FailureKind?)>((StepState.Failed, FailureKind.Misconfigured), (result.State, result.Failure));
        Assert.Contains("'elsewhere'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Success_NoFailureKind()
    {
        var result = await this.ExecuteAsync(_ => Task.FromResult(RemoteResult.Success));

        Assert.Equal<(StepState, FailureKind?, bool)>((StepState.Succeeded, null, false), (result.State, result.Failure, result.Retryable));
    }

    /// <summary>Runs one attempt through the activity as the host builds it (from its services), with a store of its own.</summary>
    private async Task<StepResult> ExecuteAsync(
        Func<StepContext, Task<RemoteResult>> run, Func<StepDefinition, StepDefinition>? change = null, Action<BazaarOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services
            .AddBazaar(options =>
            {
                options.WorkRoot = this.work.Path;
                configure?.Invoke(options);
            })
            .AddBlobProductStore(o =>
            {
                o.ConnectionString = azurite.ConnectionString;
                o.ContainerName = "t" + Guid.NewGuid().ToString("N")[..16];
            });
        services.AddSingleton<IRemote>(new ScriptedRemote(run));
        await using var provider = services.BuildServiceProvider();
        var activity = ActivatorUtilities.CreateInstance<ExecuteStepActivity>(provider);
        var step = new StepDefinition { Name = "s", Run = StepCommand.FromShell("scripted"), Remote = new RemoteDefinition { Type = ScriptedRemote.TypeName } };
        step = change?.Invoke(step) ?? step;
        var request = new ExecuteStepRequest { RunId = "run1", Step = step, GraphSecrets = step.Secrets };
        return await activity.RunAsync(Mock.Of<TaskActivityContext>(), request).WaitAsync(TestTimeout.Token());
    }

    /// <summary>A remote whose behaviour the test writes.</summary>
    private sealed class ScriptedRemote(Func<StepContext, Task<RemoteResult>> run) : IRemote
    {
        public const string TypeName = "scripted";

        public string Type => TypeName;

        public Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => run(context);
    }
}
