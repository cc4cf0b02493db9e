using System.Text.Json.Nodes;
using Bazaar.Functions.Orchestration;
using Bazaar.Graphs;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Bazaar.Functions.Tests.Orchestration;

/// <summary>The janitor's timer in the Function App: in the metadata the Functions host indexes, and sweeping with the app's own services.</summary>
public sealed class CallHomeJanitorFunctionTests : IDisposable
{
    private readonly Mock<ICallHomeRemote> remote = new();
    private readonly FunctionHost host;

    public CallHomeJanitorFunctionTests()
    {
        this.remote.SetupGet(r => r.Type).Returns("left-behind");
        this.host = new FunctionHost(services => services.AddSingleton<IRemote>(this.remote.Object));
    }

    public void Dispose() => this.host.Dispose();

    [Fact]
    public void Metadata_Janitor_IsATimerEveryFifteenMinutesWithADurableClient()
    {
        var function = Assert.Single(
            FunctionAppOutput.ReadJson("functions.metadata").AsArray().Select(f => f!.AsObject()),
            f => (string?)f["name"] == "CallHomeJanitor");
        var bindings = function["bindings"]!.AsArray().Select(b => b!.AsObject()).ToList();

        Assert.Equal(["timerTrigger", "durableClient"], bindings.Select(b => (string?)b["type"]));
        Assert.Equal(CallHomeJanitorFunction.Schedule, (string?)bindings[0]["schedule"]);
        Assert.NotEqual(true, (bool?)bindings[0]["runOnStartup"]);
    }

    [Fact]
    public async Task Sweep_JobOfAnEndedRun_CancelledAndDeletedThroughTheAppsRemote()
    {
        var where = new RemoteDefinition { Type = "left-behind" };
        this.remote.Setup(r => r.ListAsync(It.IsAny<CancellationToken>()))
            .Returns(Leftovers(new CallHomeLeftover(where, "job-1", "run-1", "build", 1, CallHomeJobState.Running)));
        this.host.Client.Setup(c => c.GetInstanceAsync("run-1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("RunGraph", "run-1") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.CancellationToken).Returns(TestTimeout.Token());

        await this.host.Create<CallHomeJanitorFunction>().Sweep(new TimerInfo(), this.host.Client.Object, context.Object);

        this.remote.Verify(r => r.CancelAsync(where, "job-1", It.IsAny<CancellationToken>()), Times.Once);
        this.remote.Verify(r => r.DeleteAsync(where, "job-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    private static async IAsyncEnumerable<CallHomeLeftover> Leftovers(params CallHomeLeftover[] leftovers)
    {
        await Task.Yield();
        foreach (var leftover in leftovers)
        {
            yield return leftover;
        }
    }
}
