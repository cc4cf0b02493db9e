using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AzureFunctions;

/// <summary>
/// The Azure Functions remote's log messages. Event ids 3700–3799 belong to this assembly. None carries a
/// request body, the key, or a URL with its query: those hold secrets.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3700, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: calling {Function}")]
    public static partial void Calling(this ILogger logger, string step, int attempt, string function);

    [LoggerMessage(EventId = 3701, Level = LogLevel.Information, Message = "Step {Step}: {Function} answered {Status} after {ElapsedMs:F0} ms")]
    public static partial void Answered(this ILogger logger, string step, string function, int status, double elapsedMs);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Warning, Message = "Step {Step}: {Function} try {Try}: {Reason}; trying again in {Delay}")]
    public static partial void Retrying(this ILogger logger, string step, string function, int @try, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Information, Message = "Job {Job}: the status URL answered {Status}")]
    public static partial void Polled(this ILogger logger, string job, int status);

    [LoggerMessage(EventId = 3704, Level = LogLevel.Warning, Message = "Job {Job}: could not ask the function to stop ({Reason})")]
    public static partial void CancelFailed(this ILogger logger, string job, string reason);
}
