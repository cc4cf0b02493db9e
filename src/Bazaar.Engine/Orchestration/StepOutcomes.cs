using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Orchestration;

/// <summary>The results the orchestrators give steps they never reach: skipped, with the reason.</summary>
internal static class StepOutcomes
{
    /// <summary>Why a step never started, naming the product it waited for and the step that did not make it.</summary>
    public static StepResult Skipped(
        StepDefinition step, string? missing, Func<string, UpstreamStep?> producerOf, FailurePolicy policy, string? firstFailure, string? cancelled)
    {
        var producer = missing is null ? null : producerOf(missing);
        string reason;
        if (cancelled is not null)
        {
            reason = $"not run: the run was cancelled ({cancelled})";
        }
        else if (producer is { State: StepState.Failed })
        {
            reason = $"not run: it consumes '{missing}', which step '{producer.Step}' did not produce because it failed";
        }
        else if (producer is not null)
        {
            reason = $"not run: it consumes '{missing}', which step '{producer.Step}' never produced because it was not run";
        }
        else if (firstFailure is not null && policy == FailurePolicy.FailFast)
        {
            reason = $"not run: the run stopped starting new steps after step '{firstFailure}' failed (failure policy failFast)";
        }
        else
        {
            reason = missing is null ? "not run" : $"not run: its input '{missing}' never existed";
        }

        return new StepResult { Step = step.Name, State = StepState.Skipped, Remote = step.Remote.Type, Error = reason };
    }
}
