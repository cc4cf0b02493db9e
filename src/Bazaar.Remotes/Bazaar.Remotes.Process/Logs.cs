using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.Process;

/// <summary>The process remote's log messages. Event ids 3100–3199 belong to this assembly.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt} started {Program} as process {ProcessId}")]
    public static partial void ProcessStarted(this ILogger logger, string step, int attempt, string program, int processId);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Step {Step} process {ProcessId} exited with code {ExitCode} after {ElapsedMs:F0} ms")]
    public static partial void ProcessExited(this ILogger logger, string step, int processId, int exitCode, double elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Step {Step} process {ProcessId} timed out after {Timeout}; killed its process tree")]
    public static partial void ProcessTimedOut(this ILogger logger, string step, int processId, TimeSpan timeout);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Step {Step} process {ProcessId} cancelled; killed its process tree")]
    public static partial void ProcessCancelled(this ILogger logger, string step, int processId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Step {Step} could not start {Program}: {Reason}")]
    public static partial void ProcessNotStarted(this ILogger logger, string step, string program, string reason);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Step {Step}: could not kill process {ProcessId}")]
    public static partial void KillFailed(this ILogger logger, Exception exception, string step, int processId);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Step {Step}: killed {Count} process(es) it left running")]
    public static partial void LeftoversKilled(this ILogger logger, string step, int count);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Step {Step}: output still open {Timeout} after its process exited; stopped reading it")]
    public static partial void OutputAbandoned(this ILogger logger, string step, TimeSpan timeout);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "Step {Step}: process {ProcessId} did not exit {Timeout} after it was killed")]
    public static partial void ExitAfterKillTimedOut(this ILogger logger, string step, int processId, TimeSpan timeout);
}
