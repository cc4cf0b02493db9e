namespace Bazaar.Remotes;

/// <summary>How a step ended on its remote.</summary>
public sealed record RemoteResult
{
    /// <summary>Gets the exit code; 0 is success.</summary>
    public required int ExitCode { get; init; }

    /// <summary>Gets a message for a person when the step did not succeed (why, and what to do).</summary>
    public string? Message { get; init; }

    /// <summary>Gets a value indicating whether the step ran out of time.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Gets a value indicating whether trying again could succeed (infrastructure, throttling, timeouts).</summary>
    public bool Retryable { get; init; }

    /// <summary>Gets a successful result.</summary>
    public static RemoteResult Success { get; } = new() { ExitCode = 0 };
}
