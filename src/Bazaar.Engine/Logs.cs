using Bazaar.Graphs;
using Microsoft.Extensions.Logging;

namespace Bazaar.Orchestration;

/// <summary>
/// Every log message of Bazaar.Engine, source-generated, with fixed event ids: 1-99, steps and their
/// runs. (Bazaar.Hosting.Local has 1-99 too, Bazaar.Storage 100-199, Bazaar.Http 200-299.)
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId}: step {Step} attempt {Attempt} starting on {Remote}")]
    public static partial void StepStarted(ILogger logger, string runId, string step, int attempt, string remote);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Run {RunId}: step {Step} ended {State} (exit code {ExitCode})")]
    public static partial void StepEnded(ILogger logger, string runId, string step, StepState state, int? exitCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Run {RunId}: step {Step} failed inside Bazaar")]
    public static partial void StepCrashed(ILogger logger, Exception exception, string runId, string step);
}
