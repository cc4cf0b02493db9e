using Bazaar.Behaviors;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask;
using Moq;

namespace Bazaar.Engine.Tests.Behaviors;

/// <summary>Skip-if-redundant on its own: it decides at once, without calling what comes after it.</summary>
public sealed class SkipIfRedundantBehaviorTests
{
    private static readonly StepDefinition Maker = new()
    {
        Name = "make",
        Run = StepCommand.FromShell("make"),
        Produces = [new ProductOutput("a", "a.txt"), new ProductOutput("b", "b.txt")],
    };

    [Fact]
    public async Task RunAsync_EveryProductReused_ReusedAtOnceWithoutRunningTheRest()
    {
        var calls = 0;
        var dispatch = Dispatch(Maker, reused: ["a", "b"], rerunOf: "run0");

        var running = new SkipIfRedundantBehavior().RunAsync(dispatch, _ => { calls++; return Task.FromResult(new StepResult { Step = "make", State = StepState.Succeeded }); });

        Assert.True(running.IsCompleted);
        var result = await running;
        Assert.Equal((StepState.Reused, "skip-if-redundant", 0), (result.State, result.Behavior, calls));
        Assert.Equal("not run: its products a, b already exist, from run run0", result.Note);
    }

    [Fact]
    public async Task RunAsync_OneProductMissing_RunsTheRest()
    {
        var ran = new StepResult { Step = "make", State = StepState.Succeeded };
        var dispatch = Dispatch(Maker, reused: ["a"], rerunOf: "run0");

        var result = await new SkipIfRedundantBehavior().RunAsync(dispatch, _ => Task.FromResult(ran));

        Assert.Same(ran, result);
    }

    [Fact]
    public async Task RunAsync_StepWithoutProductsThatSucceededBefore_IsReused()
    {
        var check = Maker with { Name = "check", Produces = [] };
        var dispatch = Dispatch(check, reused: [], rerunOf: "run0") with { ReusedSteps = new HashSet<string> { "check" } };

        var result = await new SkipIfRedundantBehavior().RunAsync(dispatch, _ => throw new InvalidOperationException("ran"));

        Assert.Equal((StepState.Reused, "not run: it succeeded in run run0"), (result.State, result.Note));
    }

    private static StepDispatch Dispatch(StepDefinition step, string[] reused, string? rerunOf) => new()
    {
        Context = Mock.Of<TaskOrchestrationContext>(),
        Request = new ExecuteStepRequest { RunId = "run1", Step = step },
        ReusedProducts = new HashSet<string>(reused),
        RerunOf = rerunOf,
    };
}
