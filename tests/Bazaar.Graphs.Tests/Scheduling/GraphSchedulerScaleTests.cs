using Bazaar.Graphs;
using Bazaar.Scheduling;
using static Bazaar.Graphs.Tests.Scheduling.TestGraph;

namespace Bazaar.Graphs.Tests.Scheduling;

/// <summary>
/// Large graphs, checked by the scheduler's count of elementary updates rather than by time, so
/// they cannot flake on a busy machine: a whole run must cost at most one update per step plus
/// one per (step, consumed product) pair.
/// </summary>
public class GraphSchedulerScaleTests
{
    private const int Width = 10_000;

    [Fact]
    public void Complete_WideFanOut_ReleasesEveryConsumerWithLinearWork()
    {
        var steps = new List<StepDefinition> { Step("root", produces: ["p"]) };
        steps.AddRange(Enumerable.Range(0, Width).Select(i => Step($"leaf{i}", ["p"])));
        var scheduler = new GraphScheduler(Of([.. steps]), []);
        TakeAll(scheduler);

        var released = scheduler.Complete("root", succeeded: true);

        Assert.Equal(Width, released.Count);
        Assert.Equal(Enumerable.Range(0, Width).Select(i => $"leaf{i}"), Names(released));
        Assert.Equal(Width, TakeAll(scheduler).Length);
        foreach (var step in released)
        {
            scheduler.Complete(step.Name, succeeded: true);
        }

        Assert.True(scheduler.IsFinished);
        AssertLinear(scheduler, steps.Count, edges: Width);
    }

    [Fact]
    public void Complete_WideFanIn_JoinReleasedByTheLastProducerWithLinearWork()
    {
        var steps = Enumerable.Range(0, Width).Select(i => Step($"part{i}", produces: [$"p{i}"])).ToList();
        steps.Add(Step("join", [.. Enumerable.Range(0, Width).Select(i => $"p{i}")]));
        var scheduler = new GraphScheduler(Of([.. steps]), []);
        var parts = TakeAll(scheduler);

        for (var i = 0; i < Width - 1; i++)
        {
            Assert.Empty(scheduler.Complete(parts[i], succeeded: true));
        }

        Assert.Equal(["join"], Names(scheduler.Complete(parts[^1], succeeded: true)));
        AssertLinear(scheduler, steps.Count, edges: Width);
    }

    [Fact]
    public void Complete_LongChain_RunsEveryLinkWithLinearWork()
    {
        var steps = Enumerable.Range(0, Width)
            .Select(i => Step($"link{i}", i == 0 ? [] : [$"p{i - 1}"], [$"p{i}"]))
            .ToArray();
        var scheduler = new GraphScheduler(Of(steps), []);

        var ran = 0;
        while (scheduler.TryTakeReady(out var step))
        {
            ran++;
            scheduler.Complete(step.Name, succeeded: true);
        }

        Assert.Equal(Width, ran);
        Assert.True(scheduler.IsFinished);
        AssertLinear(scheduler, steps.Length, edges: Width - 1);
    }

    private static void AssertLinear(GraphScheduler scheduler, int stepCount, int edges) =>
        Assert.InRange(scheduler.Work, 0, stepCount + edges);
}
