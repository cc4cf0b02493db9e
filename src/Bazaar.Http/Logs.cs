using Microsoft.Extensions.Logging;

namespace Bazaar.Http;

/// <summary>
/// Every log message of Bazaar.Http, source-generated, with fixed event ids 200-299: the HTTP API.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "{Method} {Path}: storage or the task hub is unavailable")]
    public static partial void ApiBackendUnavailable(ILogger logger, Exception exception, string method, string? path);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "{Method} {Path} failed inside Bazaar")]
    public static partial void ApiFailed(ILogger logger, Exception exception, string method, string? path);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Run {RunId} of graph {Graph} started over HTTP with {Inputs} input(s)")]
    public static partial void ApiRunStarted(ILogger logger, string runId, string graph, int inputs);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Run {RunId} cancel requested: {Reason}")]
    public static partial void ApiRunCancelRequested(ILogger logger, string runId, string reason);

    // The callback route's messages never carry the token: the caller's address, the event, and what the token said once checked.
    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Callback {Event} accepted for run {RunId} step {Step} attempt {Attempt} (instance {InstanceId}) from {Remote}")]
    public static partial void CallbackAccepted(ILogger logger, string @event, string runId, string step, int attempt, string instanceId, string? remote);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Callback {Event} from {Remote} refused: its token is {Status}")]
    public static partial void CallbackUnauthorized(ILogger logger, string @event, string? remote, CallHome.CallbackTokenStatus status);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Callback {Event} for run {RunId} step {Step} attempt {Attempt} from {Remote} refused: it was already made (a replay)")]
    public static partial void CallbackReplayed(ILogger logger, string @event, string runId, string step, int attempt, string? remote);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "Callback {Event} for run {RunId} step {Step} attempt {Attempt} from {Remote} refused: {Problem}")]
    public static partial void CallbackRejected(ILogger logger, string @event, string runId, string step, int attempt, string? remote, string problem);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Callback {Event} for run {RunId} step {Step} attempt {Attempt} could not be delivered; its use is released for a retry")]
    public static partial void CallbackNotDelivered(ILogger logger, Exception exception, string @event, string runId, string step, int attempt);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "Live view of run {RunId}: reading it failed ({Failures} in a row); trying again")]
    public static partial void LiveReadFailed(ILogger logger, Exception exception, string runId, int failures);
}
