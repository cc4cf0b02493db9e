using Microsoft.Extensions.Logging;

namespace Bazaar.Hosting;

/// <summary>
/// Every log message of Bazaar.Hosting.Local, source-generated, with fixed event ids (in the engine's
/// range 1-99: the local host runs the engine's work items).
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItem}; retrying at the next interval")]
    public static partial void ActivityLockRenewFailed(ILogger logger, Exception exception, string workItem);
}
