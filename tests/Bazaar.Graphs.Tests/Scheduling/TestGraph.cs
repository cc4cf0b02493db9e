using Bazaar.Graphs;

namespace Bazaar.Graphs.Tests.Scheduling;

/// <summary>Terse builders for hand-written scheduler graphs.</summary>
internal static class TestGraph
{
    public static StepDefinition Step(string name, string[]? consumes = null, string[]? produces = null) => new()
    {
        Name = name,
        Consumes = consumes ?? [],
        Produces = [.. (produces ?? []).Select(p => new ProductOutput(p, p))],
    };

    public static GraphDefinition Of(params StepDefinition[] steps) => new() { Name = "test", Steps = steps };

    public static string[] Names(IEnumerable<StepDefinition> steps) => [.. steps.Select(s => s.Name)];

    /// <summary>Takes every ready step, returning their names in the order handed out.</summary>
    public static string[] TakeAll(Bazaar.Scheduling.GraphScheduler scheduler)
    {
        var taken = new List<string>();
        while (scheduler.TryTakeReady(out var step))
        {
            taken.Add(step.Name);
        }

        return [.. taken];
    }
}
