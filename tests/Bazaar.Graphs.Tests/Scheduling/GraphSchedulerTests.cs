using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Scheduling;
using static Bazaar.Graphs.Tests.Scheduling.TestGraph;

namespace Bazaar.Graphs.Tests.Scheduling;

public class GraphSchedulerTests
{
    [Fact]
    public void Constructor_EmptyGraph_IsFinished()
    {
        var scheduler = new GraphScheduler(Of(), []);

        Assert.True(scheduler.IsFinished);
        Assert.False(scheduler.TryTakeReady(out var step));
        Assert.Null(step);
        Assert.Empty(scheduler.Unreached());
    }

    [Fact]
    public void TryTakeReady_StepsWithNoInputs_HandsThemOutInDeclarationOrder()
    {
        var scheduler = new GraphScheduler(Of(Step("c"), Step("a"), Step("b")), []);

        Assert.Equal(3, scheduler.ReadyCount);
        Assert.Equal(StepState.NotStarted, scheduler.GetState("a"));
        Assert.Equal(["c", "a", "b"], TakeAll(scheduler));
        Assert.Equal(0, scheduler.ReadyCount);
        Assert.Equal(3, scheduler.InFlight);
        Assert.False(scheduler.IsFinished);
        Assert.Equal(StepState.Running, scheduler.GetState("a"));
    }

    [Fact]
    public void Complete_Chain_ReleasesOneStepAtATime()
    {
        var scheduler = new GraphScheduler(
            Of(Step("one", produces: ["x"]), Step("two", ["x"], ["y"]), Step("three", ["y"])),
            []);

        Assert.Equal(StepState.Waiting, scheduler.GetState("two"));
        Assert.Equal("x", scheduler.FirstMissingInput("two"));
        Assert.Equal(["one"], TakeAll(scheduler));

        Assert.Equal(["two"], Names(scheduler.Complete("one", succeeded: true)));
        Assert.Null(scheduler.FirstMissingInput("two"));
        Assert.Equal(StepState.NotStarted, scheduler.GetState("two"));
        Assert.Equal(["two"], TakeAll(scheduler));

        Assert.Equal(["three"], Names(scheduler.Complete("two", succeeded: true)));
        Assert.Equal(["three"], TakeAll(scheduler));
        Assert.Empty(scheduler.Complete("three", succeeded: true));

        Assert.True(scheduler.IsFinished);
        Assert.Empty(scheduler.Unreached());
        Assert.Equal(StepState.Succeeded, scheduler.GetState("three"));
    }

    [Fact]
    public void Complete_Diamond_JoinBecomesReadyOnlyAfterBothBranches()
    {
        var scheduler = new GraphScheduler(
            Of(
                Step("top", produces: ["t"]),
                Step("left", ["t"], ["l"]),
                Step("right", ["t"], ["r"]),
                Step("join", ["l", "r"])),
            []);
        TakeAll(scheduler);

        Assert.Equal(["left", "right"], Names(scheduler.Complete("top", succeeded: true)));
        Assert.Equal(["left", "right"], TakeAll(scheduler));

        Assert.Empty(scheduler.Complete("right", succeeded: true));
        Assert.Equal(StepState.Waiting, scheduler.GetState("join"));
        Assert.Equal("l", scheduler.FirstMissingInput("join"));

        Assert.Equal(["join"], Names(scheduler.Complete("left", succeeded: true)));
    }

    [Fact]
    public void Constructor_InputsSuppliedUpFront_MakesTheirConsumersReady()
    {
        var graph = Of(Step("needs-a", ["a"]), Step("needs-b", ["b"]), Step("needs-both", ["a", "b"])) with { Inputs = ["a", "b"] };

        var scheduler = new GraphScheduler(graph, ["a"]);

        Assert.Equal(["needs-a"], TakeAll(scheduler));
        Assert.Equal(StepState.Waiting, scheduler.GetState("needs-b"));
        Assert.Equal("b", scheduler.FirstMissingInput("needs-both"));
        Assert.False(scheduler.IsFinished);
    }

    [Fact]
    public void MarkAvailable_InputSuppliedLater_MakesWaitingConsumersReadyInDeclarationOrder()
    {
        var scheduler = new GraphScheduler(Of(Step("late", ["b"]), Step("now", ["a"]), Step("also-late", ["a", "b"])), ["a"]);
        Assert.Equal(["now"], TakeAll(scheduler));

        scheduler.MarkAvailable("b");

        Assert.Equal(2, scheduler.ReadyCount);
        Assert.Equal(["late", "also-late"], TakeAll(scheduler));
    }

    [Fact]
    public void MarkAvailable_CachedProductThenProducerCompletes_ReleasesConsumersOnce()
    {
        var scheduler = new GraphScheduler(Of(Step("producer", produces: ["p"]), Step("consumer", ["p"])), []);

        scheduler.MarkAvailable("p");
        scheduler.MarkAvailable("p");

        Assert.Equal(["producer", "consumer"], TakeAll(scheduler));
        Assert.Empty(scheduler.Complete("producer", succeeded: true));
        Assert.Equal(1, scheduler.InFlight);
    }

    [Fact]
    public void MarkAvailable_ProductNobodyConsumes_ChangesNothing()
    {
        var scheduler = new GraphScheduler(Of(Step("a", ["x"])), []);

        scheduler.MarkAvailable("unused");

        Assert.Equal(0, scheduler.ReadyCount);
        Assert.Equal(StepState.Waiting, scheduler.GetState("a"));
    }

    [Fact]
    public void Complete_Failure_ReturnsEmptyAndUnreachedListsExactlyTheDependents()
    {
        var scheduler = new GraphScheduler(
            Of(
                Step("root", produces: ["r"]),
                Step("bad", ["r"], ["b"]),
                Step("good", ["r"], ["g"]),
                Step("after-bad", ["b"], ["ab"]),
                Step("after-good", ["g"]),
                Step("after-both", ["ab", "g"]),
                Step("independent")),
            []);
        Assert.Equal(["root", "independent"], TakeAll(scheduler));
        scheduler.Complete("independent", succeeded: true);
        scheduler.Complete("root", succeeded: true);
        Assert.Equal(["bad", "good"], TakeAll(scheduler));

        Assert.Empty(scheduler.Complete("bad", succeeded: false));
        Assert.Equal(["after-good"], Names(scheduler.Complete("good", succeeded: true)));
        TakeAll(scheduler);
        scheduler.Complete("after-good", succeeded: true);

        Assert.True(scheduler.IsFinished);
        Assert.Equal(StepState.Failed, scheduler.GetState("bad"));
        Assert.Equal(["after-bad", "after-both"], Names(scheduler.Unreached()));
        Assert.Equal("b", scheduler.FirstMissingInput("after-bad"));
    }

    [Fact]
    public void Unreached_StoppedEarly_ListsWaitingAndReadyButNotTakenSteps()
    {
        var scheduler = new GraphScheduler(Of(Step("a", produces: ["x"]), Step("b"), Step("c", ["x"]), Step("d")), []);
        Assert.True(scheduler.TryTakeReady(out _));

        Assert.Equal(["b", "c", "d"], Names(scheduler.Unreached()));
    }

    [Fact]
    public void Complete_ProductConsumedByManySteps_ReleasesAllInDeclarationOrder()
    {
        var scheduler = new GraphScheduler(
            Of(Step("z", ["p"]), Step("producer", produces: ["p"]), Step("y", ["p"]), Step("x", ["p", "p"])),
            []);
        Assert.Equal(["producer"], TakeAll(scheduler));

        Assert.Equal(["z", "y", "x"], Names(scheduler.Complete("producer", succeeded: true)));
        Assert.Equal(["z", "y", "x"], TakeAll(scheduler));
    }

    [Fact]
    public void Complete_SeveralProductsReleaseSteps_ReturnsThemInDeclarationOrderNotProductOrder()
    {
        var scheduler = new GraphScheduler(
            Of(Step("producer", produces: ["second", "first"]), Step("uses-first", ["first"]), Step("uses-second", ["second"])),
            []);
        TakeAll(scheduler);

        Assert.Equal(["uses-first", "uses-second"], Names(scheduler.Complete("producer", succeeded: true)));
        Assert.Equal(["uses-first", "uses-second"], TakeAll(scheduler));
    }

    [Fact]
    public void Complete_StepConsumingSameProductTwice_BecomesReadyWhenItExists()
    {
        var scheduler = new GraphScheduler(Of(Step("producer", produces: ["p", "p"]), Step("twice", ["p", "p"])), []);
        TakeAll(scheduler);

        Assert.Equal(["twice"], Names(scheduler.Complete("producer", succeeded: true)));
        Assert.Equal(["twice"], TakeAll(scheduler));
        Assert.Empty(scheduler.Complete("twice", succeeded: true));
        Assert.True(scheduler.IsFinished);
    }

    [Fact]
    public void Complete_DuplicatedInputArrives_StepStillWaitsForItsOtherInput()
    {
        var scheduler = new GraphScheduler(
            Of(Step("makes-p", produces: ["p"]), Step("makes-q", produces: ["q"]), Step("uses", ["p", "p", "q"])),
            []);
        TakeAll(scheduler);

        Assert.Empty(scheduler.Complete("makes-p", succeeded: true));
        Assert.Equal(StepState.Waiting, scheduler.GetState("uses"));
        Assert.Equal("q", scheduler.FirstMissingInput("uses"));
        Assert.Equal(["uses"], Names(scheduler.Complete("makes-q", succeeded: true)));
    }

    [Fact]
    public void Constructor_StepConsumingSuppliedProductTwice_IsReady()
    {
        var scheduler = new GraphScheduler(Of(Step("twice", ["in", "in"])), ["in", "in"]);

        Assert.Equal(["twice"], TakeAll(scheduler));
    }

    [Fact]
    public void Complete_StepStillWaiting_ThrowsInvalidOperation()
    {
        var scheduler = new GraphScheduler(Of(Step("a", ["x"])), []);

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Complete("a", succeeded: true));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in flight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_StepReadyButNotTaken_ThrowsInvalidOperation()
    {
        var scheduler = new GraphScheduler(Of(Step("a")), []);

        Assert.Throws<InvalidOperationException>(() => scheduler.Complete("a", succeeded: true));
        Assert.Equal(1, scheduler.ReadyCount);
    }

    [Fact]
    public void Complete_StepCompletedTwice_ThrowsInvalidOperationAndKeepsCounts()
    {
        var scheduler = new GraphScheduler(Of(Step("a"), Step("b")), []);
        TakeAll(scheduler);
        scheduler.Complete("a", succeeded: false);

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Complete("a", succeeded: true));
        Assert.Contains("already completed", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, scheduler.InFlight);
        Assert.Equal(StepState.Failed, scheduler.GetState("a"));
    }

    [Fact]
    public void Complete_UnknownStep_ThrowsInvalidOperation()
    {
        var scheduler = new GraphScheduler(Of(Step("a")), []);

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Complete("nope", succeeded: true));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetState_UnknownStep_ThrowsArgument()
    {
        var scheduler = new GraphScheduler(Of(Step("a")), []);

        Assert.Throws<ArgumentException>(() => scheduler.GetState("nope"));
        Assert.Throws<ArgumentException>(() => scheduler.FirstMissingInput("nope"));
    }

    [Fact]
    public void Constructor_Cycle_StepsInTheCycleNeverBecomeReady()
    {
        var scheduler = new GraphScheduler(
            Of(Step("a", ["y"], ["x"]), Step("b", ["x"], ["y"]), Step("self", ["s"], ["s"]), Step("free", produces: ["f"]), Step("after", ["f", "x"])),
            []);

        Assert.Equal(["free"], TakeAll(scheduler));
        Assert.Empty(scheduler.Complete("free", succeeded: true));

        Assert.True(scheduler.IsFinished);
        Assert.Equal(["a", "b", "self", "after"], Names(scheduler.Unreached()));
        Assert.Equal("x", scheduler.FirstMissingInput("after"));
    }
}
