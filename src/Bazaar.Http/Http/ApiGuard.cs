using Azure;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bazaar.Http;

/// <summary>What every route of the API runs its handler in, so each answers failures the same way.</summary>
internal static class ApiGuard
{
    /// <summary>
    /// Runs a handler, turning what a request or an outage can cause into a problem answer:
    /// a body over Kestrel's limit is 413, a cut connection ends quietly, storage or the task hub
    /// unreachable is 503. Anything else is a bug, logged, and answered 500 without details.
    /// </summary>
    public static async Task<IResult> RunAsync(HttpRequest request, ILogger logger, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblem.TooLarge($"The request body is larger than this server accepts: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            return ApiProblem.BadRequest($"The request could not be read: {e.Message}");
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (UnsafeFolderException e)
        {
            // The host's own folders are not safe to use: the server's fault, not the request's.
            Logs.ApiBackendUnavailable(logger, e, request.Method, request.Path);
            return ApiProblem.Unavailable($"This server cannot stage the request's files: {e.Message} Its operator must fix the folder.");
        }
        catch (Exception e) when (BackendFailure(e) is { } cause)
        {
            Logs.ApiBackendUnavailable(logger, e, request.Method, request.Path);
            return ApiProblem.Unavailable(
                $"Bazaar could not reach its storage or task hub: {Describe(cause)}. Try again shortly; if it persists, check the server's storage settings.");
        }
        catch (Exception e)
        {
            Logs.ApiFailed(logger, e, request.Method, request.Path);
            return new ApiProblem(
                StatusCodes.Status500InternalServerError,
                "Internal error",
                $"Bazaar failed to answer ({e.GetType().Name}). This is a bug in Bazaar, not in the request; please report it with the server's log.");
        }
    }

    /// <summary>
    /// Finds an outage in a failure: storage's or the task hub's own exception, or one the task hub's
    /// client wrapped (the local host's engine wraps storage's failures in its own exceptions).
    /// </summary>
    private static Exception? BackendFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is RequestFailedException or RpcException or HttpRequestException or BazaarException)
            {
                return e;
            }
        }

        return null;
    }

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException r => $"storage answered {r.Status} {r.ErrorCode}",
        RpcException r => $"the task hub answered {r.StatusCode}: {r.Status.Detail}",
        _ => e.Message,
    };
}
