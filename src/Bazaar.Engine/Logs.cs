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

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Janitor: deleted {Remote} job {Job} left by run {RunId} (step {Step}, attempt {Attempt})")]
    public static partial void JanitorDeleted(ILogger logger, string remote, string job, string runId, string step, int attempt);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Janitor: kept {Remote} job {Job} of run {RunId}: {Why}")]
    public static partial void JanitorKept(ILogger logger, string remote, string job, string runId, string why);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Janitor: could not list the jobs of the {Remote} remote")]
    public static partial void JanitorListFailed(ILogger logger, Exception exception, string remote);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Janitor: could not delete {Remote} job {Job}")]
    public static partial void JanitorDeleteFailed(ILogger logger, Exception exception, string remote, string job);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Janitor: {Found} call-home jobs found, {Deleted} deleted, {Kept} kept, {Failures} failures")]
    public static partial void JanitorSwept(ILogger logger, int found, int deleted, int kept, int failures);
}
