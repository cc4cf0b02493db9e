using Bazaar.Orchestration;
using Microsoft.Extensions.Logging;

namespace Bazaar;

/// <summary>Bazaar.Core's log messages, with fixed event ids (1-99 orchestration and steps).</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId}: step {Step} attempt {Attempt} starting on {Remote}")]
    public static partial void StepStarted(ILogger logger, string runId, string step, int attempt, string remote);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Run {RunId}: step {Step} ended {State} (exit code {ExitCode})")]
    public static partial void StepEnded(ILogger logger, string runId, string step, StepState state, int? exitCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Run {RunId}: step {Step} failed inside Bazaar")]
    public static partial void StepCrashed(ILogger logger, Exception exception, string runId, string step);
}
