using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>How a step ended on its remote.</summary>
public sealed record RemoteResult
{
    private readonly FailureKind? failure;

    /// <summary>Gets the exit code; 0 is success.</summary>
    public required int ExitCode { get; init; }

    /// <summary>Gets a message for a person when the step did not succeed (why, and what to do).</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Gets what kind of failure it was: the step failed, the remote is misconfigured, the
    /// infrastructure failed or throttled, or the step timed out. The step's retry decides from it.
    /// </summary>
    /// <value>
    /// <see langword="null"/> for a success. Unless set, a non-zero exit code is
    /// <see cref="FailureKind.StepFailed"/>.
    /// </value>
    public FailureKind? Failure
    {
        get => this.failure ?? (this.ExitCode != 0 ? FailureKind.StepFailed : null);
        init => this.failure = value;
    }

    /// <summary>Gets a value indicating whether the step ran out of time (<see cref="FailureKind.TimedOut"/>).</summary>
    public bool TimedOut => this.Failure == FailureKind.TimedOut;

    /// <summary>Gets a value indicating whether trying again could succeed by itself (infrastructure, throttling, timeouts).</summary>
    public bool Retryable => this.Failure?.IsRetryable() == true;

    /// <summary>Gets a successful result.</summary>
    public static RemoteResult Success { get; } = new() { ExitCode = 0 };

    /// <summary>
    /// Creates the result of a step that exited with a non-zero code: the message names the step, the
    /// code (and the signal, for 128 + n) and quotes the last lines of its log.
    /// </summary>
    /// <param name="context">The step.</param>
    /// <param name="exitCode">Its exit code.</param>
    /// <returns>The result.</returns>
    public static RemoteResult Exited(StepContext context, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = $"step '{context.Step.Name}' exited with code {exitCode}{ExitCodes.DescribeSignal(exitCode)}";
        var tail = context.Log.Tail();
        if (tail.Count > 0)
        {
            message += "; the last lines of its log:\n" + string.Join('\n', tail.Select(line => "  " + line));
        }

        return new RemoteResult { ExitCode = exitCode, Message = message };
    }

    /// <summary>Creates the result of a step stopped at its <c>timeout:</c>; <see cref="FailureKind.TimedOut"/>, exit code 124.</summary>
    /// <param name="context">The step.</param>
    /// <returns>The result.</returns>
    public static RemoteResult TimedOutAfter(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var after = ExitCodes.Describe(context.Timeout ?? TimeSpan.Zero);
        return new RemoteResult
        {
            ExitCode = ExitCodes.TimedOut,
            Failure = FailureKind.TimedOut,
            Message = $"step '{context.Step.Name}' timed out after {after} and was stopped; raise its timeout: or make it faster",
        };
    }
}
