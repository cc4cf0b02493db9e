using Bazaar.Graphs;
using Bazaar.Remotes;

namespace Bazaar.Testing;

/// <summary>Builds <see cref="StepContext"/>s for remote tests the way the <c>ExecuteStep</c> activity does.</summary>
public static class TestStepContext
{
    /// <summary>The run id the contexts carry.</summary>
    public const string RunId = "run-test";

    /// <summary>
    /// Creates a context: attempt 1, the <c>BAZAAR_RUN_ID</c>, <c>BAZAAR_STEP</c> and
    /// <c>BAZAAR_ATTEMPT</c> variables merged with the step's <c>env:</c>.
    /// </summary>
    /// <param name="step">The step.</param>
    /// <param name="workspace">Its workspace.</param>
    /// <param name="log">Its log.</param>
    /// <returns>The context.</returns>
    public static StepContext Create(StepDefinition step, IStepWorkspace workspace, IStepLog log)
    {
        ArgumentNullException.ThrowIfNull(step);
        var environment = new Dictionary<string, string>
        {
            ["BAZAAR_RUN_ID"] = RunId,
            ["BAZAAR_STEP"] = step.Name,
            ["BAZAAR_ATTEMPT"] = "1",
        };
        foreach (var (name, value) in step.Env)
        {
            environment[name] = value;
        }

        return new StepContext
        {
            RunId = RunId,
            Step = step,
            Attempt = 1,
            Workspace = workspace,
            Log = log,
            Environment = environment,
        };
    }
}
