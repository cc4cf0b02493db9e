using CsCheck;

namespace Bazaar.Graphs.Tests.Scheduling;

/// <summary>Random DAGs run with random interleavings, checked against a reference model.</summary>
public class GraphSchedulerPropertyTests
{
    // One thread: the build machine's cores are shared.
    private const int Iterations = 200;
    private const int Threads = 1;

    /// <summary>Step count, graph input count, seed for the graph, seed for the run.</summary>
    private static readonly Gen<(int Steps, int Inputs, int GraphSeed, int RunSeed)> Runs =
        Gen.Select(Gen.Int[1, 200], Gen.Int[0, 5], Gen.Int, Gen.Int);

    [Fact]
    public void Run_AllSucceed_EveryStepRunsExactlyOnce() =>
        Runs.Sample(
            x =>
            {
                var dag = RandomDag.Create(x.Steps, x.Inputs, x.GraphSeed);

                var run = SimulatedRun.Execute(dag, x.RunSeed, failPercent: 0);

                Assert.Equal(Enumerable.Range(0, x.Steps), run.Started.Order());
                Assert.Empty(run.Unreached);
            },
            iter: Iterations,
            threads: Threads);

    [Fact]
    public void Run_AnyInterleaving_StartsEachStepOnlyAfterAllItsProducersCompleted() =>
        Runs.Sample(
            x =>
            {
                var dag = RandomDag.Create(x.Steps, x.Inputs, x.GraphSeed);

                var run = SimulatedRun.Execute(dag, x.RunSeed, failPercent: 0);

                // The reference order covers every step, so the graph is a DAG and all of it should run.
                Assert.Equal(Enumerable.Range(0, x.Steps), dag.TopologicalOrder().Order());
                var position = run.Started.Select((step, i) => (step, i)).ToDictionary(p => p.step, p => p.i);
                foreach (var step in run.Started)
                {
                    foreach (var producer in dag.PredecessorsOf(step))
                    {
                        Assert.True(position[producer] < position[step], $"s{step} started before its producer s{producer}.");
                        Assert.True(run.CompletedAt[producer] < run.StartedAt[step], $"s{step} started before its producer s{producer} completed.");
                    }
                }
            },
            iter: Iterations,
            threads: Threads);

    [Fact]
    public void Run_RandomFailures_UnreachedIsExactlyTheTransitiveDependentsOfFailedSteps() =>
        Runs.Select(Gen.Int[1, 40]).Sample(
            x =>
            {
                var ((steps, inputs, graphSeed, runSeed), failPercent) = x;
                var dag = RandomDag.Create(steps, inputs, graphSeed);

                var run = SimulatedRun.Execute(dag, runSeed, failPercent);

                var expected = dag.DependentsOf(run.Failed).Order().Select(i => $"s{i}");
                Assert.Equal(expected, run.Unreached);
                Assert.Equal(steps - run.Unreached.Count, run.Started.Count);
                Assert.Equal(run.Started.Count, run.Started.Distinct().Count());
            },
            iter: Iterations,
            threads: Threads);

    [Fact]
    public void Run_AnyInterleaving_ReleasesEachStepTheMomentItsLastInputExists() =>
        // SimulatedRun checks every Complete's and MarkAvailable's release against a full rescan
        // of the reference model, so surviving a run with failures and late inputs is the property.
        Runs.Select(Gen.Int[0, 30]).Sample(
            x =>
            {
                var ((steps, inputs, graphSeed, runSeed), failPercent) = x;

                var run = SimulatedRun.Execute(RandomDag.Create(steps, inputs, graphSeed), runSeed, failPercent);

                Assert.NotEmpty(run.Trace);
            },
            iter: Iterations,
            threads: Threads);

    [Fact]
    public void Run_SameGraphAndCompletionSequence_ProducesTheSameOutputs() =>
        Runs.Select(Gen.Int[0, 30]).Sample(
            x =>
            {
                var ((steps, inputs, graphSeed, runSeed), failPercent) = x;

                // Two separately built graphs, so nothing can depend on object identity.
                var first = SimulatedRun.Execute(RandomDag.Create(steps, inputs, graphSeed), runSeed, failPercent);
                var second = SimulatedRun.Execute(RandomDag.Create(steps, inputs, graphSeed), runSeed, failPercent);

                Assert.Equal(first.Trace, second.Trace);
            },
            iter: Iterations,
            threads: Threads);
}
