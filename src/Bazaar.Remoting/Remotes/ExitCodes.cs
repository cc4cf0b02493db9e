namespace Bazaar.Remotes;

/// <summary>Exit codes with a meaning, and how to say them to a person.</summary>
public static class ExitCodes
{
    /// <summary>The step ran out of time (as <c>timeout(1)</c> reports it).</summary>
    public const int TimedOut = 124;

    private static readonly string[] SignalNames =
    [
        string.Empty, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
    ];

    /// <summary>
    /// Explains an exit code above 128: both .NET (for a process killed by a signal) and <c>sh</c> (for
    /// a child killed by one) report 128 plus the signal's number.
    /// </summary>
    /// <param name="exitCode">The exit code.</param>
    /// <returns>A clause such as <c> (killed by signal 9, SIGKILL …)</c>, or empty.</returns>
    public static string DescribeSignal(int exitCode)
    {
        var signal = exitCode - 128;
        if (signal is <= 0 or > 64)
        {
            return string.Empty;
        }

        var name = signal < SignalNames.Length ? $", {SignalNames[signal]}" : string.Empty;
        var hint = signal switch
        {
            9 => "; often the out-of-memory killer, or someone stopping it",
            11 => "; the program crashed",
            6 => "; the program aborted",
            _ => string.Empty,
        };
        return $" (killed by signal {signal}{name}{hint})";
    }

    /// <summary>Formats a duration the way graph files write it: <c>2s</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    public static string Describe(TimeSpan duration) => Graphs.GraphDuration.Format(duration);
}
