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
}
