using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.Docker;

/// <summary>The docker remote's log messages. Event ids 3200–3299 belong to this assembly.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt} started container {ContainerId} of image {Image}")]
    public static partial void ContainerStarted(this ILogger logger, string step, int attempt, string containerId, string image);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Step {Step} container {ContainerId} exited with code {ExitCode} after {ElapsedMs:F0} ms")]
    public static partial void ContainerExited(this ILogger logger, string step, string containerId, long exitCode, double elapsedMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Step {Step} container {ContainerId} timed out after {Timeout}; stopped it")]
    public static partial void ContainerTimedOut(this ILogger logger, string step, string containerId, TimeSpan timeout);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Step {Step} container {ContainerId} cancelled; stopped it")]
    public static partial void ContainerCancelled(this ILogger logger, string step, string containerId);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Step {Step}: could not remove container {ContainerId}; the leftover sweep at the next host start removes it")]
    public static partial void RemoveFailed(this ILogger logger, Exception exception, string step, string containerId);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Step {Step}: could not give workspace {Workspace} back to {Owner}")]
    public static partial void ReclaimFailed(this ILogger logger, Exception exception, string step, string workspace, string owner);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Information, Message = "Removed {Count} leftover Bazaar container(s) from {Endpoint}")]
    public static partial void LeftoversRemoved(this ILogger logger, int count, DockerEndpoint endpoint);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Information, Message = "Leftover container sweep skipped: {Reason}")]
    public static partial void SweepSkipped(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Warning, Message = "Leftover container sweep failed")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Warning, Message = "Could not remove leftover container {ContainerId} of run {RunId}")]
    public static partial void LeftoverNotRemoved(this ILogger logger, Exception exception, string containerId, string? runId);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "Step {Step}: output of container {ContainerId} still open {Timeout} after it exited; stopped reading it")]
    public static partial void OutputAbandoned(this ILogger logger, string step, string containerId, TimeSpan timeout);
}
