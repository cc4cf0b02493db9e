using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// The Batch remote's log messages. Event ids 3600–3599 belong to this assembly. None carries a request body: it holds
/// the agent's request, SAS URLs and call-home tokens.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3600, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: submitting job {Name} to queue {JobQueue} with job definition {JobDefinition}")]
    public static partial void Submitting(this ILogger logger, string step, int attempt, string name, string jobQueue, string jobDefinition);

    [LoggerMessage(EventId = 3601, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: job {Job} exists already; submitted by an earlier try")]
    public static partial void AlreadySubmitted(this ILogger logger, string step, int attempt, string job);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Information, Message = "Terminating job {Job}: {Reason}")]
    public static partial void Terminating(this ILogger logger, string job, string reason);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Warning, Message = "Batch refused {Operation}: {Error}")]
    public static partial void Refused(this ILogger logger, string operation, string error);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Warning, Message = "Batch {Operation} try {Try}: {Reason}; trying again in {Delay}")]
    public static partial void Retrying(this ILogger logger, string operation, int @try, string reason, TimeSpan delay);
}
