namespace Bazaar.Remotes;

/// <summary>The response of the remote step protocol: how the step ended on the payload remote.</summary>
public sealed record RemoteStepResponse
{
    /// <summary>Gets the exit code; 0 is success.</summary>
    public int ExitCode { get; init; }

    /// <summary>Gets an optional message for a person, e.g. why the handler could not run the step.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the end of the step's output (stdout and stderr as they came), capped by the handler.</summary>
    public string? LogTail { get; init; }

    /// <summary>Gets a value indicating whether the handler stopped the step at its deadline.</summary>
    public bool TimedOut { get; init; }
}
