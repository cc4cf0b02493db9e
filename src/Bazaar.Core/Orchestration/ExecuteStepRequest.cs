using Bazaar.Graphs;

namespace Bazaar.Orchestration;

/// <summary>The input of the <c>ExecuteStep</c> activity: one attempt of one step.</summary>
public sealed record ExecuteStepRequest
{
    /// <summary>Gets the run.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the step.</summary>
    public required StepDefinition Step { get; init; }

    /// <summary>Gets the attempt, from 1.</summary>
    public int Attempt { get; init; } = 1;
}
