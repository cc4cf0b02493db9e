using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// The ECS remote's log messages. Event ids 3500–3599 belong to this assembly. None carries a request body: it holds
/// the agent's request, SAS URLs and call-home tokens.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: running task definition {TaskDefinition} on cluster {Cluster} as {Id}")]
    public static partial void Submitting(this ILogger logger, string step, int attempt, string taskDefinition, string cluster, string id);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: task {Task} runs already; started by an earlier try")]
    public static partial void AlreadySubmitted(this ILogger logger, string step, int attempt, string task);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Stopping task {Task}: {Reason}")]
    public static partial void Stopping(this ILogger logger, string task, string reason);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "ECS refused {Operation}: {Error}")]
    public static partial void Refused(this ILogger logger, string operation, string error);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "ECS {Operation} try {Try}: {Reason}; trying again in {Delay}")]
    public static partial void Retrying(this ILogger logger, string operation, int @try, string reason, TimeSpan delay);
}
