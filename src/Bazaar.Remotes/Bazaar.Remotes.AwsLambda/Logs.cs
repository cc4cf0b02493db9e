using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AwsLambda;

/// <summary>
/// The Lambda remote's log messages. Event ids 3300–3399 belong to this assembly. None carries a
/// request body or a URL with a query: those hold SAS tokens.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: invoking Lambda function {Function} in {Region} at {Endpoint}")]
    public static partial void Invoking(this ILogger logger, string step, int attempt, string function, string region, string endpoint);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Step {Step}: Lambda function {Function} answered {Status} after {ElapsedMs:F0} ms")]
    public static partial void Answered(this ILogger logger, string step, string function, int status, double elapsedMs);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Step {Step}: Lambda function {Function} try {Try}: {Reason}; trying again in {Delay}")]
    public static partial void Retrying(this ILogger logger, string step, string function, int @try, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Step {Step}: Lambda function {Function} failed with {ErrorType}")]
    public static partial void FunctionFailed(this ILogger logger, string step, string function, string errorType);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "Step {Step}: Lambda function {Function} did not answer within {Timeout}")]
    public static partial void InvocationTimedOut(this ILogger logger, string step, string function, TimeSpan timeout);
}
