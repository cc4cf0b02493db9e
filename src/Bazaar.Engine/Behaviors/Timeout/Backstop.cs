using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;

namespace Bazaar.Behaviors;

/// <summary>
/// The timeout backstop: when a step with a timeout has not ended by its timeout plus the grace,
/// the remote did not enforce the timeout. The activity then cancels the remote, and the
/// orchestrator's durable timer stops waiting for the activity; both report it in these words.
/// </summary>
internal static class Backstop
{
    public const string Behavior = "timeout-backstop";

    /// <summary>The attempt's record, failed by the backstop: timed out, with the message and how the layer that noticed ended it.</summary>
    /// <param name="record">The attempt's record so far.</param>
    /// <param name="request">The attempt.</param>
    /// <param name="ending">What that layer did, e.g. <c>Bazaar cancelled it.</c></param>
    /// <returns>The failed record.</returns>
    public static StepResult Failed(StepResult record, ExecuteStepRequest request, string ending) => record with
    {
        State = StepState.Failed,
        Failure = FailureKind.TimedOut,
        Behavior = Behavior,
        Error = Message(request.Step, request.TimeoutGrace) + " " + ending,
    };

    public static string Message(StepDefinition step, TimeSpan grace) =>
        $"step '{step.Name}' did not end within its timeout of {GraphDuration.Format(step.Timeout ?? TimeSpan.Zero)} and {GraphDuration.Format(grace)} more: " +
        $"its remote ({step.Remote.Type}) did not stop it.";
}
