using Bazaar.Remotes;

namespace Bazaar.Orchestration;

/// <summary>How the orchestration's wait for a call-home attempt ended.</summary>
public enum CallHomeEnding
{
    /// <summary>The job called home with its response.</summary>
    Called,

    /// <summary>The attempt's deadline passed without the call.</summary>
    TimedOut,

    /// <summary>The run was cancelled while the job ran.</summary>
    Cancelled,

    /// <summary>The service says the job ended (or is gone), and no call came.</summary>
    Died,

    /// <summary>The service holds the job's answer (a function's status URL): the activity reads it.</summary>
    Answered,
}

/// <summary>
/// What the orchestration hands the <c>ExecuteStep</c> activity to end a call-home attempt it submitted:
/// the job, how the wait ended, and what the job said. No secret: the job is the service's name for it.
/// </summary>
public sealed record CallHomeEnd
{
    /// <summary>Gets the job, as the remote named it when it was submitted.</summary>
    public required string Job { get; init; }

    /// <summary>Gets how the wait ended.</summary>
    public required CallHomeEnding Ending { get; init; }

    /// <summary>Gets the job's response, when it called, without its log tail.</summary>
    public RemoteStepResponse? Response { get; init; }

    /// <summary>Gets the response's log tail, stored by digest by the callback route, when there was one.</summary>
    public Products.ProductRef? LogTail { get; init; }

    /// <summary>Gets what the service last said of the job, when the orchestration asked.</summary>
    public CallHomeJobStatus? Status { get; init; }

    /// <summary>Gets when the attempt started (its submission).</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>The job a <c>DescribeCallHomeJob</c> activity asks about.</summary>
/// <param name="RunId">The run, for the log.</param>
/// <param name="Step">The step; its remote settings say where the job is.</param>
/// <param name="Job">The job.</param>
public sealed record CallHomeJobRequest(string RunId, Graphs.StepDefinition Step, string Job);
