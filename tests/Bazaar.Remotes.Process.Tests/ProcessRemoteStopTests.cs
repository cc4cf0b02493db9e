using System.Diagnostics;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Process.Tests;

public sealed class ProcessRemoteStopTests
{
    [Fact]
    public async Task ExecuteAsync_Timeout_ReturnsTimedOutResult()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromArgs("sleep", "60"), TestTimeout.Token(), TimeSpan.FromSeconds(2));

        Assert.Equal(124, result.ExitCode);
        Assert.True(result.TimedOut);
        Assert.True(result.Retryable);
        Assert.Equal("step 'x' timed out after 2s and was stopped; raise its timeout: or make it faster", result.Message);
        Assert.Contains(harness.Log.Lines, line => line.Contains("timed out after 2s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_TimeoutInShellStep_KillsShellAndSleepGrandchild()
    {
        using var harness = new ProcessStepHarness();
        var script = "echo $$ > shell.pid; sleep 60 & echo $! > grandchild.pid; wait";
        var clock = Stopwatch.StartNew();

        var result = await harness.RunAsync(StepCommand.FromShell(script), TestTimeout.Token(), TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await ProcessAssert.GoneAsync(ProcessAssert.ReadPid(harness.Directory["shell.pid"]), TestTimeout.Token());
        await ProcessAssert.GoneAsync(ProcessAssert.ReadPid(harness.Directory["grandchild.pid"]), TestTimeout.Token());
    }

    [Fact]
    public async Task ExecuteAsync_TimeoutWithProcessOutsideTree_KillsItToo()
    {
        using var harness = new ProcessStepHarness();

        // The subshell exits at once, so its sleep is reparented away from the step's process tree.
        var script = "(sleep 60 & echo $! > orphan.pid); sleep 60";

        var result = await harness.RunAsync(StepCommand.FromShell(script), TestTimeout.Token(), TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
        await ProcessAssert.GoneAsync(ProcessAssert.ReadPid(harness.Directory["orphan.pid"]), TestTimeout.Token());
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_KillsTreeAndThrows()
    {
        using var harness = new ProcessStepHarness();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token());
        var running = harness.RunAsync(StepCommand.FromShell("sleep 60 & echo $! > child.pid; echo started; wait"), cancel.Token);
        await harness.Log.WaitForLineAsync(line => line == "started", TestTimeout.Token());

        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(cancel.Token, error.CancellationToken);
        await ProcessAssert.GoneAsync(ProcessAssert.ReadPid(harness.Directory["child.pid"]), TestTimeout.Token());
        Assert.Contains(harness.Log.Lines, line => line.Contains("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_BackgroundProcessLeftRunning_IsKilledAndStepEndsAtOnce()
    {
        using var harness = new ProcessStepHarness();
        var clock = Stopwatch.StartNew();

        var result = await harness.RunAsync(StepCommand.FromShell("sleep 60 & echo $! > bg.pid; echo done"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.Equal(["done"], harness.Log.Lines);
        await ProcessAssert.GoneAsync(ProcessAssert.ReadPid(harness.Directory["bg.pid"]), TestTimeout.Token());
    }

    [Fact]
    public async Task ExecuteAsync_LeftoverHoldsOutputWithKillingOff_StopsReadingAfterDrainTimeout()
    {
        using var harness = new ProcessStepHarness();
        harness.Options.KillLeftoverProcesses = false;
        harness.Options.OutputDrainTimeout = TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();

        var result = await harness.RunAsync(StepCommand.FromShell("sleep 60 & echo $! > bg.pid; echo done"), TestTimeout.Token());

        var pid = ProcessAssert.ReadPid(harness.Directory["bg.pid"]);
        try
        {
            Assert.Equal(0, result.ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
            Assert.True(ProcessAssert.IsAlive(pid), "the leftover was killed although killing was off");
            Assert.Contains(harness.Log.Lines, line => line.Contains("output still open", StringComparison.Ordinal));
        }
        finally
        {
            ProcessAssert.Kill(pid);
        }
    }

    [Fact]
    public async Task ExecuteAsync_LogWriteFails_KillsProcessAndThrows()
    {
        using var harness = new ProcessStepHarness();
        var log = new FailingStepLog();
        var context = TestStepContext.Create(new StepDefinition { Name = "x", Run = StepCommand.FromShell("echo one; sleep 60") }, harness.Workspace, log);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<IOException>(() => harness.CreateRemote().ExecuteAsync(context, TestTimeout.Token()));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private sealed class FailingStepLog : IStepLog
    {
        public ValueTask WriteLineAsync(string line, CancellationToken cancellationToken) => throw new IOException("storage is down");

        public IReadOnlyList<string> Tail() => [];

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
