using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>
/// Which host variables a graph's <c>secrets:</c> may name. A graph is written by whoever submits
/// it, and the host's environment holds the host's own credentials (its storage connection string,
/// its cloud keys): without a list, a submitted graph could ask for <c>BAZAAR_STORAGE</c> by name
/// and print it. So only the names the host lists are given to steps; every other name fails, at
/// submission and again, authoritatively, when the step would run.
/// </summary>
public static class ShareableSecrets
{
    /// <summary>The host variable listing the shareable names, comma-separated.</summary>
    public const string Variable = "BAZAAR_SHAREABLE_SECRETS";

    /// <summary>Reads a comma-separated list of names; blanks and surrounding spaces are dropped.</summary>
    /// <param name="list">The list, or <see langword="null"/>.</param>
    /// <returns>The names.</returns>
    public static IEnumerable<string> Parse(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Says why a step may not have one of its secrets, or <see langword="null"/> when it may have all.</summary>
    /// <param name="step">The step.</param>
    /// <param name="shareable">The names the host shares.</param>
    /// <returns>The problem, naming the secret and how the host allows it.</returns>
    public static string? Problem(StepDefinition step, ICollection<string> shareable)
    {
        var refused = step.Secrets.FirstOrDefault(name => !shareable.Contains(name));
        return refused is null ? null :
            $"step '{step.Name}' asks for the secret {refused}, which this host does not share with graphs: a graph's secrets: may only name " +
            $"host variables listed in {Variable} (comma-separated) or BazaarOptions.ShareableSecrets, so that a submitted graph cannot read " +
            $"the host's own storage key or cloud credentials. If {refused} is meant for steps, add it to {Variable} where `bazaar run` or " +
            "`bazaar serve` runs (in Azure, as an app setting); otherwise remove it from the step's secrets:.";
    }

    /// <summary>Every step's refused secret, one message per step.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="shareable">The names the host shares.</param>
    /// <returns>The problems; empty when every secret is shared.</returns>
    public static IEnumerable<string> Problems(GraphDefinition graph, ICollection<string> shareable) =>
        graph.Steps.Select(step => Problem(step, shareable)).OfType<string>();
}
