using System.Text.Json;
using Bazaar.CallHome;
using Bazaar.Products;
using Bazaar.Remotes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Http;

/// <summary>
/// The call-home route, <c>POST /api/callbacks/{event}</c>, written once for <c>bazaar serve</c> and the
/// Function App: anonymous over HTTP, authorised by the attempt's token (<see cref="CallbackTokens"/>),
/// taken once (<see cref="ICallbackLedger"/>), and answered by raising the event the attempt's
/// orchestration waits for. The token is never logged or echoed; every refusal of it reads the same.
/// </summary>
public sealed class CallbacksApi(
    CallbackTokens tokens,
    ICallbackLedger ledger,
    IContentStore content,
    IOptions<HttpApiOptions> options,
    TimeProvider clock,
    ILogger<CallbacksApi> logger)
{
    private const int MaxQuoted = 300;

    /// <summary><c>POST /api/callbacks/{event}</c>: an agent reports that its attempt started or is done.</summary>
    /// <param name="client">The Durable Task client the event is raised with.</param>
    /// <param name="request">The request: <c>Authorization: Bearer TOKEN</c> and the event's JSON body.</param>
    /// <param name="event">The route's event: <c>started</c> or <c>done</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>
    /// 202 once the event is raised; 401 for a missing, forged, expired or foreign token; 409 for a replay;
    /// 400 for a body that is not the event's; 413 over <see cref="HttpApiOptions.MaxCallbackBytes"/>; 404 for another event.
    /// </returns>
    public Task<IResult> ReceiveAsync(DurableTaskClient client, HttpRequest request, string @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return this.ReceiveAsync(new DurableCallbackEvents(client), request, @event, cancellationToken);
    }

    internal Task<IResult> ReceiveAsync(ICallbackEvents events, HttpRequest request, string @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiGuard.RunAsync(request, logger, () => this.HandleAsync(events, request, @event, cancellationToken));
    }

    private async Task<IResult> HandleAsync(ICallbackEvents events, HttpRequest request, string @event, CancellationToken cancellationToken)
    {
        if (!CallHomeEvents.IsKnown(@event))
        {
            return ApiProblem.NotFound($"There is no callback event '{Quote(@event, 64)}'; the events are {string.Join(" and ", CallHomeEvents.All)}.");
        }

        var remote = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        var status = tokens.Validate(BearerOf(request), @event, out var claims);
        if (status != CallbackTokenStatus.Valid || claims is null)
        {
            Logs.CallbackUnauthorized(logger, @event, remote, status);
            return Unauthorized();
        }

        var limit = options.Value.MaxCallbackBytes;
        if (request.ContentLength > limit)
        {
            Logs.CallbackRejected(logger, @event, claims.RunId, claims.Step, claims.Attempt, remote, $"a body of {request.ContentLength} bytes");
            return ApiProblem.TooLarge($"The body is {request.ContentLength} bytes; a callback may be at most {limit} bytes.");
        }

        var (payload, problem) = await this.ReadAsync(request, @event, limit, cancellationToken).ConfigureAwait(false);
        if (payload is null)
        {
            Logs.CallbackRejected(logger, @event, claims.RunId, claims.Step, claims.Attempt, remote, problem!.Detail);
            return problem!;
        }

        var key = claims.LedgerKey();
        if (!await ledger.TryUseAsync(claims.RunId, key, cancellationToken).ConfigureAwait(false))
        {
            Logs.CallbackReplayed(logger, @event, claims.RunId, claims.Step, claims.Attempt, remote);
            return ApiProblem.Conflict($"This '{@event}' callback was already made: each call-home endpoint takes one call.");
        }

        try
        {
            if (payload is RemoteStepResponse response)
            {
                payload = await this.KeepTailAsync(claims, response, cancellationToken).ConfigureAwait(false);
            }

            await events.RaiseAsync(claims.InstanceId, claims.EventName, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Not delivered: let the agent's retry through rather than refuse it as a replay.
            Logs.CallbackNotDelivered(logger, e, @event, claims.RunId, claims.Step, claims.Attempt);
            await this.ReleaseAsync(claims.RunId, key).ConfigureAwait(false);
            if (e is RpcException { StatusCode: StatusCode.NotFound })
            {
                return ApiProblem.NotFound($"No run '{claims.RunId}' is waiting for this callback any more.");
            }

            throw;
        }

        Logs.CallbackAccepted(logger, @event, claims.RunId, claims.Step, claims.Attempt, claims.InstanceId, remote);
        return Results.Accepted();
    }

    /// <summary>Stores the response's log tail by digest, so the event (and the history) carries only its ref.</summary>
    private async Task<CallHomeDone> KeepTailAsync(CallbackClaims claims, RemoteStepResponse response, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(response.LogTail))
        {
            return new CallHomeDone(response with { LogTail = null }, null);
        }

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, response.LogTail, cancellationToken).ConfigureAwait(false);
            var tail = await content.StageAsync(claims.RunId, "log-tail", file, new ProductProducer(claims.RunId, claims.Step, claims.Attempt, "call-home"), cancellationToken).ConfigureAwait(false);
            return new CallHomeDone(response with { LogTail = null }, tail);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<(object? Payload, ApiProblem? Problem)> ReadAsync(HttpRequest request, string @event, int limit, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await new LimitedReadStream(request.Body, limit).CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        try
        {
            if (@event == CallHomeEvents.Started)
            {
                using var document = JsonDocument.Parse(bytes);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    ? (new CallHomeStarted(clock.GetUtcNow()), null)
                    : (null, ApiProblem.BadRequest($"The body of a '{@event}' callback must be a JSON object ({{}}), not {document.RootElement.ValueKind}."));
            }

            return JsonSerializer.Deserialize<RemoteStepResponse>(bytes.Span, RemoteStepProtocol.Json) is { } response
                ? (response, null)
                : (null, ApiProblem.BadRequest($"The body of a '{@event}' callback must be the remote step protocol's response, not null."));
        }
        catch (JsonException e)
        {
            var expected = @event == CallHomeEvents.Started ? "a JSON object ({})" : "the remote step protocol's response ({ \"exitCode\": n, \"message\": …, \"logTail\": … })";
            return (null, ApiProblem.BadRequest($"The body of a '{@event}' callback must be {expected}: {Quote(e.Message, MaxQuoted)}"));
        }
    }

    private async Task ReleaseAsync(string runId, string key)
    {
        try
        {
            await ledger.ReleaseAsync(runId, key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The first failure is what the caller hears of; this one only costs the agent its retry.
            Logs.ApiBackendUnavailable(logger, e, "DELETE", $"callback ledger entry of run {runId}");
        }
    }

    private static string? BearerOf(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }

    private static ApiProblem Unauthorized() => new(
        StatusCodes.Status401Unauthorized,
        "Unauthorized",
        "The callback's token is missing, not valid, or expired. Send the token this endpoint was given (Authorization: Bearer TOKEN), once, before the step's deadline.")
    {
        Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" },
    };

    private static string Quote(string? text, int max) =>
        text is null ? string.Empty : text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
