namespace Bazaar.Agent;

/// <summary>
/// The agent could not do its part of the attempt (a bad request, an input it could not fetch or whose
/// digest is wrong, an output it refused or could not upload). Its message goes home as the response's
/// message, so it says what happened, to what, and never holds a URL's signature or a token.
/// </summary>
internal sealed class AgentFailure : Exception
{
    /// <summary>The exit code the agent reports when it, not the command, failed (as <c>timeout(1)</c> and <c>docker run</c> use 125).</summary>
    public const int ExitCode = 125;

    public AgentFailure(string message)
        : base(message)
    {
    }

    public AgentFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AgentFailure()
    {
    }
}
