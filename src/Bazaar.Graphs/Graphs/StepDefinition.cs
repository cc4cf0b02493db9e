namespace Bazaar.Graphs;

/// <summary>One step of a graph: what it runs, where, what it consumes and what it produces.</summary>
public sealed record StepDefinition
{
    /// <summary>Gets the step's name, unique in its graph.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the step runs; <see langword="null"/> for a step that only makes its products exist.</summary>
    public StepCommand? Run { get; init; }

    /// <summary>Gets the remote the step runs on, resolved from the graph's named remotes.</summary>
    public RemoteDefinition Remote { get; init; } = RemoteDefinition.Process;

    /// <summary>Gets the products the step waits for.</summary>
    public IReadOnlyList<string> Consumes { get; init; } = [];

    /// <summary>Gets the products the step makes, each with its path in the workspace.</summary>
    public IReadOnlyList<ProductOutput> Produces { get; init; } = [];

    /// <summary>Gets environment variables set for the step.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets how long the step may run; <see langword="null"/> for no limit.</summary>
    /// <summary>
    /// Gets the names of environment variables whose values the step receives from the host's
    /// environment (never from the graph). Their values are withheld from every other step and
    /// redacted from logs, step records, errors and the API.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Gets how long the step may run, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets how a failed step is retried; <see langword="null"/> for one attempt.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>
    /// Gets a value indicating whether the step's outputs are looked up in, and recorded to, the
    /// content-addressed cache (<c>cache: true</c> on the step, or on the graph for every step).
    /// </summary>
    public bool Cache { get; init; }
}
