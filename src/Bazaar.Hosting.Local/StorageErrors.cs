using System.Net.Http;
using System.Net.Sockets;
using Azure;

namespace Bazaar.Hosting;

/// <summary>Turns "cannot reach storage" failures into one sentence a person can act on.</summary>
internal static class StorageErrors
{
    public static async Task GuardAsync(BazaarHostOptions options, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            throw new BazaarException(
                $"Cannot use storage at {options.DescribeStorage()}: {Innermost(ex).Message.TrimEnd('.')}. " +
                "Start Azurite (./bazaar starts it when nothing listens on its ports), or set BAZAAR_STORAGE to a reachable account's connection string.",
                ex);
        }
    }

    private static bool IsStorageFailure(Exception ex) =>
        ex is RequestFailedException or HttpRequestException or SocketException or AggregateException
        || (ex.InnerException is { } inner && IsStorageFailure(inner));

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
