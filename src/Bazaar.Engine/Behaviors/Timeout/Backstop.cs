using Bazaar.Graphs;

namespace Bazaar.Behaviors;

/// <summary>
/// The timeout backstop: when a step with a timeout has not ended by its timeout plus the grace,
/// the remote did not enforce the timeout. The activity then cancels the remote, and the
/// orchestrator's durable timer stops waiting for the activity; both report it in these words.
/// </summary>
internal static class Backstop
{
    public const string Behavior = "timeout-backstop";

    public static string Message(StepDefinition step, TimeSpan grace) =>
        $"step '{step.Name}' did not end within its timeout of {GraphDuration.Format(step.Timeout ?? TimeSpan.Zero)} and {GraphDuration.Format(grace)} more: " +
        $"its remote ({step.Remote.Type}) did not stop it.";
}
