using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// The Container Instances remote's log messages. Event ids 3400–3499 belong to this assembly. None carries a
/// request body: it holds the agent's request, SAS URLs and call-home tokens.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: creating container group {Group} in {ResourceGroup} ({Location}) from {Image}")]
    public static partial void Submitting(this ILogger logger, string step, int attempt, string group, string resourceGroup, string location, string image);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt}: container group {Group} exists already; submitted by an earlier try")]
    public static partial void AlreadySubmitted(this ILogger logger, string step, int attempt, string group);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Stopping container group {Group} in {ResourceGroup}")]
    public static partial void Stopping(this ILogger logger, string group, string resourceGroup);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Deleting container group {Group} in {ResourceGroup}")]
    public static partial void Deleting(this ILogger logger, string group, string resourceGroup);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "ARM refused to {Verb} {Group}: {Status} {Code}")]
    public static partial void Refused(this ILogger logger, string verb, string group, int status, string code);
}
