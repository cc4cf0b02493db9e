using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Process.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}

/// <summary>Counts this process's open files, so nothing else may start processes meanwhile.</summary>
[Collection(SerialCollection.Name)]
public sealed class ProcessRemoteResourceTests
{
    [Fact]
    public async Task ExecuteAsync_ManyRuns_LeaksNoFileDescriptors()
    {
        using var harness = new ProcessStepHarness();
        await harness.RunAsync(StepCommand.FromShell("echo warm; echo up >&2"), TestTimeout.Token());
        var before = Directory.GetFiles("/proc/self/fd").Length;

        for (var i = 0; i < 30; i++)
        {
            await harness.RunAsync(StepCommand.FromShell("echo out; echo err >&2; exit 1"), TestTimeout.Token());
        }

        await harness.RunAsync(StepCommand.FromArgs("sleep", "5"), TestTimeout.Token(), TimeSpan.FromMilliseconds(200));
        var after = Directory.GetFiles("/proc/self/fd").Length;

        // A leak costs at least two pipes a run: 30 runs would add 60 or more.
        Assert.True(after - before < 10, $"open files went from {before} to {after}");
    }
}
