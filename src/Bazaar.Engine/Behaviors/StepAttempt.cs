using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Behaviors;

/// <summary>One attempt of a step inside its activity, as the activity halves of the behaviours get it.</summary>
internal sealed record StepAttempt
{
    /// <summary>Gets the attempt's request.</summary>
    public required ExecuteStepRequest Request { get; init; }

    /// <summary>Gets the orchestration instance that dispatched the attempt (the run's, or its shard's): a call-home event goes there.</summary>
    public string InstanceId { get; init; } = string.Empty;

    /// <summary>Gets the attempt's running record, which each behaviour's result is made from.</summary>
    public required StepResult Record { get; init; }

    /// <summary>Gets the remote that runs the step, resolved (and its settings checked) before the behaviours run.</summary>
    public required IRemote Remote { get; init; }

    /// <summary>Gets the attempt's workspace; it reads each input's ref once.</summary>
    public required LocalStepWorkspace Workspace { get; init; }

    /// <summary>Gets the attempt's log, redacted.</summary>
    public required IStepLog Log { get; init; }

    /// <summary>Gets the step's environment: its own variables, its secrets, and <c>BAZAAR_*</c>.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Gets the host variables the step must not see: other steps' secrets.</summary>
    public IReadOnlyList<string> WithheldVariables { get; init; } = [];

    /// <summary>Gets when the attempt must have ended (<see cref="StepDeadline"/>), or <see langword="null"/> when the step has no timeout.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Gets a token cancelled when the run is cancelled, the host stops, or (inside the timeout behaviour) the backstop passes.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Gets the attempt as its remote sees it.</summary>
    /// <returns>The remote's context: the step, its workspace, log, environment and deadline.</returns>
    public StepContext ToStepContext() => new()
    {
        RunId = this.Request.RunId,
        Step = this.Request.Step,
        Attempt = this.Request.Attempt,
        Workspace = this.Workspace,
        Log = this.Log,
        Environment = this.Environment,
        WithheldVariables = this.WithheldVariables,
        Deadline = this.Deadline ?? this.Request.Deadline,
    };
}
