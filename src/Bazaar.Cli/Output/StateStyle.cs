using Bazaar.Graphs;
using Bazaar.Orchestration;

namespace Bazaar.Cli.Output;

/// <summary>Words and colours for step states, the same as the DOT view's.</summary>
internal static class StateStyle
{
    public static string Name(StepState state) => state switch
    {
        StepState.NotStarted => "not started",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string Color(StepState state) => state switch
    {
        StepState.Waiting => "yellow",
        StepState.Running => "aqua",
        StepState.Succeeded => "green",
        StepState.Failed => "red",
        StepState.Skipped => "orange1",
        StepState.Cached => "blue",
        StepState.Cancelled => "maroon",
        StepState.Reused => "darkseagreen",
        _ => "grey",
    };

    public static string Color(Http.RunState state) => state switch
    {
        Http.RunState.Running => "aqua",
        Http.RunState.Succeeded => "green",
        Http.RunState.Failed or Http.RunState.Error => "red",
        Http.RunState.Cancelled => "maroon",
        _ => "grey",
    };
}
