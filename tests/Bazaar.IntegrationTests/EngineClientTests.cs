using Bazaar.Orchestration;
using Bazaar.Testing;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Bazaar.IntegrationTests;

/// <summary>
/// The local host's client (the orchestration service's client half, in process) on real Azurite and the
/// real engine: each call the CLI, the HTTP API and the tests make, against runs that are really running.
/// </summary>
[Collection(DurableHostCollection.Name)]
public sealed class EngineClientTests(DurableHostFixture fixture)
{
    private const string Sleeper = """
        name: sleeper
        steps:
          nap:
            run: sleep 60
        """;

    [Fact]
    public async Task Schedule_AnIdStillRunning_IsRefused_AndTerminateEndsTheRunWithItsReason()
    {
        var ct = TestTimeout.Token();
        var (runId, _) = await DurableRuns.StartAsync(fixture.Host, fixture.Graph(Sleeper), new RunOptions(), "again-", TimeSpan.FromSeconds(60));
        await fixture.Host.Client.WaitForInstanceStartAsync(runId, cancellation: ct);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, new RunRequest { RunId = runId, Graph = fixture.Graph(Sleeper) }, new StartOrchestrationOptions { InstanceId = runId }, ct));

        await fixture.Host.Client.TerminateInstanceAsync(runId, new TerminateInstanceOptions { Output = "enough" }, ct);
        var ended = await fixture.Host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, ct);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);
        Assert.Equal("enough", ended.ReadOutputAs<string>());
        Assert.Equal(runId, ended.ReadInputAs<RunRequest>()!.RunId); // the first request, not the refused one
    }

    [Fact]
    public async Task GetInstance_ReadsTheInputOnlyWhenAsked_AndAnUnknownRunIsNull()
    {
        var ct = TestTimeout.Token();
        var result = await fixture.RunAsync(fixture.Graph("""
            name: quick
            steps:
              hello:
                run: echo hi
            """));

        var bare = await fixture.Host.Client.GetInstanceAsync(result.RunId, getInputsAndOutputs: false, ct);
        var whole = await fixture.Host.Client.GetInstanceAsync(result.RunId, getInputsAndOutputs: true, ct);

        Assert.NotNull(bare);
        Assert.Equal(BazaarTasks.RunGraph, bare.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, bare.RuntimeStatus);
        Assert.Null(bare.SerializedInput);
        Assert.Null(bare.SerializedOutput);
        Assert.True(bare.CreatedAt <= bare.LastUpdatedAt);
        Assert.Equal("quick", whole!.ReadInputAs<RunRequest>()!.Graph.Name);
        Assert.True(whole.ReadOutputAs<RunResult>()!.Succeeded);
        Assert.Null(await fixture.Host.Client.GetInstanceAsync("no-such-run-" + Guid.NewGuid().ToString("N"), getInputsAndOutputs: true, ct));
    }

    [Fact]
    public async Task SuspendAndResume_HoldTheRunAndLetItGoOn()
    {
        var ct = TestTimeout.Token();
        var (runId, _) = await DurableRuns.StartAsync(fixture.Host, fixture.Graph(Sleeper), new RunOptions(), "hold-", TimeSpan.FromSeconds(60));
        await fixture.Host.Client.WaitForInstanceStartAsync(runId, cancellation: ct);

        await fixture.Host.Client.SuspendInstanceAsync(runId, "hold on", ct);
        await WaitForStatusAsync(runId, OrchestrationRuntimeStatus.Suspended, ct);
        await fixture.Host.Client.ResumeInstanceAsync(runId, "go on", ct);
        await WaitForStatusAsync(runId, OrchestrationRuntimeStatus.Running, ct);

        await fixture.Host.Client.TerminateInstanceAsync(runId, cancellation: ct);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await fixture.Host.Client.WaitForInstanceCompletionAsync(runId, cancellation: ct)).RuntimeStatus);
    }

    [Fact]
    public async Task Query_ByPrefixAndState_FindsThoseRunsOnly_AndPurgeRemovesAnEndedRunButNotARunningOne()
    {
        var ct = TestTimeout.Token();
        var prefix = "q" + Guid.NewGuid().ToString("N")[..6] + "-";
        var (running, _) = await DurableRuns.StartAsync(fixture.Host, fixture.Graph(Sleeper), new RunOptions(), prefix, TimeSpan.FromSeconds(60));
        var (ended, _) = await DurableRuns.StartAsync(fixture.Host, fixture.Graph(Sleeper), new RunOptions(), prefix, TimeSpan.FromSeconds(60));
        await fixture.Host.Client.WaitForInstanceStartAsync(running, cancellation: ct);
        await fixture.Host.Client.TerminateInstanceAsync(ended, cancellation: ct);
        await fixture.Host.Client.WaitForInstanceCompletionAsync(ended, cancellation: ct);

        var all = await ListAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 1 }, ct); // one per page: paging is followed
        var stillRunning = await ListAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Running] }, ct);

        Assert.Equal(new[] { ended, running }.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal([running], stillRunning);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Host.Client.PurgeInstanceAsync(running, cancellation: ct));
        Assert.Equal(1, (await fixture.Host.Client.PurgeInstanceAsync(ended, cancellation: ct)).PurgedInstanceCount);
        Assert.Null(await fixture.Host.Client.GetInstanceAsync(ended, ct));
        Assert.Equal(0, (await fixture.Host.Client.PurgeInstanceAsync(ended, cancellation: ct)).PurgedInstanceCount);

        await fixture.Host.Client.TerminateInstanceAsync(running, cancellation: ct);
    }

    private async Task<List<string>> ListAsync(OrchestrationQuery query, CancellationToken ct)
    {
        var ids = new List<string>();
        await foreach (var instance in fixture.Host.Client.GetAllInstancesAsync(query).WithCancellation(ct))
        {
            ids.Add(instance.InstanceId);
        }

        return ids;
    }

    private async Task WaitForStatusAsync(string runId, OrchestrationRuntimeStatus status, CancellationToken ct)
    {
        while ((await fixture.Host.Client.GetInstanceAsync(runId, ct))?.RuntimeStatus != status)
        {
            await Task.Delay(50, ct);
        }
    }
}
