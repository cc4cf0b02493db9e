using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;

namespace Bazaar.Engine.Tests.Hosting;

public sealed class RunResultsTests
{
    private static readonly RunResult Output = new()
    {
        RunId = "run1",
        Graph = "g",
        Succeeded = false,
        StartedAt = DateTimeOffset.UnixEpoch,
        EndedAt = DateTimeOffset.UnixEpoch,
        Shards = 3,
        Steps =
        [
            new StepResult { Step = "a", State = StepState.Succeeded },
            new StepResult { Step = "b", State = StepState.Failed },
            new StepResult { Step = "c", State = StepState.Skipped, Error = "not run: the run was cancelled (stop)" },
        ],
    };

    [Fact]
    public void Merge_SomeShardsStored_StoredStepsAreWholeTheOthersAsTheOutputHasThem()
    {
        IReadOnlyList<StepResult> shard0 = [new StepResult { Step = "a", State = StepState.Succeeded, ExitCode = 0, Remote = "process" }];
        IReadOnlyList<StepResult> shard1 = [new StepResult { Step = "b", State = StepState.Failed, ExitCode = 2, Error = "exited with 2" }];

        // Shard 2 never started: the run decided its step, and stored nothing for it.
        var whole = RunResults.Merge(Output, [shard1, shard0, null]);

        Assert.Equal(["a", "b", "c"], whole.Steps.Select(s => s.Step));
        Assert.Equal([shard0[0], shard1[0], Output.Steps[2]], whole.Steps);
        Assert.Equal(Output with { Steps = whole.Steps }, whole);
    }
}
