using System.Diagnostics;
using Bazaar.Hosting;
using Bazaar.Testing;

namespace Bazaar.Hosting.Local.Tests.Hosting;

/// <summary>The graceful stop Azurite gets: the signal sent, the bounded wait, the escalation, a process already gone.</summary>
public sealed class ProcessStopperTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task StopAsync_ProcessHandlesTerm_ItExitsOnTheSignalAndIsNotKilled()
    {
        using var process = await this.StartAsync("trap 'echo TERM > got; exit 0' TERM");

        var outcome = await ProcessStopper.StopAsync(process.Id, PosixProcesses.SigTerm, TimeSpan.FromSeconds(30)).WaitAsync(TestTimeout.Token());

        Assert.Equal(ProcessStopOutcome.Exited, outcome);
        Assert.Equal("TERM", File.ReadAllText(this.temp["got"]).Trim());
        Assert.False(PosixProcesses.IsAlive(process.Id));
    }

    [Fact]
    public async Task StopAsync_Interrupt_SendsSigInt()
    {
        using var process = await this.StartAsync("trap 'echo INT > got; exit 0' INT");

        var outcome = await ProcessStopper.StopAsync(process.Id, PosixProcesses.SigInt, TimeSpan.FromSeconds(30)).WaitAsync(TestTimeout.Token());

        Assert.Equal(ProcessStopOutcome.Exited, outcome);
        Assert.Equal("INT", File.ReadAllText(this.temp["got"]).Trim());
    }

    [Fact]
    public async Task StopAsync_ProcessIgnoresTerm_KilledOnceTheGraceRunsOut()
    {
        using var process = await this.StartAsync("trap 'echo TERM >> got' TERM");

        var outcome = await ProcessStopper.StopAsync(process.Id, PosixProcesses.SigTerm, TimeSpan.FromMilliseconds(500)).WaitAsync(TestTimeout.Token());

        Assert.Equal(ProcessStopOutcome.Killed, outcome);
        Assert.False(PosixProcesses.IsAlive(process.Id));
        Assert.Contains("TERM", File.ReadAllText(this.temp["got"]), StringComparison.Ordinal); // it was asked first
    }

    [Fact]
    public async Task StopAsync_ProcessAlreadyExited_SendsNothing()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync(TestTimeout.Token());

        var outcome = await ProcessStopper.StopAsync(process.Id, PosixProcesses.SigTerm, TimeSpan.FromSeconds(30)).WaitAsync(TestTimeout.Token());

        Assert.Equal(ProcessStopOutcome.AlreadyExited, outcome);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public async Task StopAsync_NoSuchProcess_AlreadyExited(int pid)
    {
        Assert.Equal(ProcessStopOutcome.AlreadyExited, await ProcessStopper.StopAsync(pid, PosixProcesses.SigTerm, TimeSpan.FromSeconds(1)));
    }

    public void Dispose() => this.temp.Dispose();

    /// <summary>Starts sh with <paramref name="trap"/> set, looping until stopped; returns once the trap is in place.</summary>
    private async Task<Process> StartAsync(string trap)
    {
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = this.temp.Path };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"{trap}; echo ready > ready; while :; do sleep 0.05; done");
        var process = Process.Start(info)!;
        var ct = TestTimeout.Token();
        while (!File.Exists(this.temp["ready"]))
        {
            await Task.Delay(20, ct);
        }

        return process;
    }
}
