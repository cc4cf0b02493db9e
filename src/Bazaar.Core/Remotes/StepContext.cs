using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>Everything a remote gets to run one attempt of a step.</summary>
public sealed record StepContext
{
    /// <summary>Gets the run.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the step.</summary>
    public required StepDefinition Step { get; init; }

    /// <summary>Gets the attempt, from 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets the step's remote and its settings.</summary>
    public RemoteDefinition Remote => this.Step.Remote;

    /// <summary>Gets the workspace helper: puts inputs into a folder and takes outputs out of it.</summary>
    public required IStepWorkspace Workspace { get; init; }

    /// <summary>Gets the step attempt's log.</summary>
    public required IStepLog Log { get; init; }

    /// <summary>Gets the step's timeout, or <see langword="null"/> for none; the remote kills the work when it passes.</summary>
    public TimeSpan? Timeout => this.Step.Timeout;

    /// <summary>Gets the environment variables Bazaar sets for every step (<c>BAZAAR_*</c>) merged with the step's own.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
}
