using System.Net.Http.Headers;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Remotes.Http;

namespace Bazaar.Remotes.AzureFunctions;

/// <content>The HTTP calls: the key added from the host, retries, and what the function's errors mean.</content>
internal sealed partial class AzureFunctionsRemote
{
    /// <summary>The header the Functions host reads a function key from.</summary>
    internal const string KeyHeader = "x-functions-key";

    /// <summary>
    /// Sends one call, tried up to <paramref name="attempts"/> times when the function throttles (429), fails
    /// (5xx), times out or cannot be reached; any other answer is returned for the caller to read.
    /// </summary>
    private async Task<FunctionAnswer> SendAsync(string step, string where, HttpMethod method, Uri url, byte[]? body, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan? retryAfter = null;
            using var callTimeout = new CancellationTokenSource(this.options.CallTimeout, this.clock);
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callTimeout.Token);
            try
            {
                using var request = this.CreateRequest(method, url, body);
                var started = this.clock.GetTimestamp();
                using var response = await this.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Token).ConfigureAwait(false);
                var content = await HttpBodies.ReadAsync(response, this.options.MaxResponseBytes, call.Token).ConfigureAwait(false) ?? throw new AzureFunctionsRemoteException(
                    $"{where} answered with more than {this.options.MaxResponseBytes} bytes. Its answer must be a small remote step protocol response; " +
                    "let the handler cap logTail, and upload products to their URLs instead of returning them.")
                {
                    Kind = FailureKind.StepFailed,
                };
                var status = (int)response.StatusCode;
                var elapsed = this.clock.GetElapsedTime(started);
                this.logger.Answered(step, where, status, elapsed.TotalMilliseconds);
                retryAfter = HttpRetries.RetryAfter(response, this.clock.GetUtcNow());
                if (!HttpRetries.IsRetryable(response.StatusCode))
                {
                    var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(url, l)) : null;
                    return new FunctionAnswer(status, content, location, retryAfter);
                }

                reason = $"{status} {response.ReasonPhrase} with {HttpBodies.Quote(content)}";
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"could not reach {url.GetLeftPart(UriPartial.Authority)} ({ex.Message})";
            }
            catch (OperationCanceledException) when (callTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                reason = $"no answer within {this.options.CallTimeout.TotalSeconds:0.#}s";
            }

            if (attempt >= attempts)
            {
                throw new AzureFunctionsRemoteException(
                    $"{where} failed {attempt} time(s); the last: {reason}. " +
                    "The function app may be starting, scaling or overloaded: the step is tried again by its retry:. If it keeps failing, check the app is running and reachable from this host.")
                {
                    Kind = FailureKind.Infrastructure,
                };
            }

            var delay = retryAfter is { } asked ? HttpRetries.Clamp(asked, TimeSpan.Zero, this.options.RetryMaxDelay) : HttpRetries.Backoff(attempt, this.options.RetryBaseDelay, this.options.RetryMaxDelay);
            this.logger.Retrying(step, where, attempt, reason, delay);
            await Task.Delay(delay, this.clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A request with the host's key, when it has one: never from the graph, never logged.</summary>
    private HttpRequestMessage CreateRequest(HttpMethod method, Uri url, byte[]? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (this.HostKey() is { } key)
        {
            request.Headers.TryAddWithoutValidation(KeyHeader, key);
        }

        return request;
    }

    /// <summary>What a refusal means, in plain words; none is worth another try as it was made.</summary>
    private static AzureFunctionsRemoteException Refused(string where, Uri url, FunctionAnswer answer)
    {
        var (advice, kind) = answer.Status switch
        {
            401 or 403 => ($"The function refused the key: set {AzureFunctionsRemoteOptions.KeyVariable} on the host to a key of this function (or the app's host key). Not retried: the same key is refused again.", FailureKind.Misconfigured),
            404 => ($"There is no function at {SecretUrls.Describe(url)}: check the step's function: or url:, the host's {AzureFunctionsRemoteOptions.BaseUrlVariable}, and that the app is deployed with that function.", FailureKind.Misconfigured),
            _ => ("The function refused the request as it was made; see its log, and check that it implements the remote step protocol.", FailureKind.Misconfigured),
        };
        return new AzureFunctionsRemoteException($"{where} answered {answer.Status} with {HttpBodies.Quote(answer.Body)}. {advice}") { Kind = kind };
    }

    /// <summary>
    /// Reads the protocol's response from an answer: the response itself, or a Durable Functions status whose
    /// <c>output</c> is one (the async HTTP pattern's status URL).
    /// </summary>
    internal static RemoteStepResponse ParseAnswer(byte[] body, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("runtimeStatus", out var runtime) && runtime.ValueKind == JsonValueKind.String)
            {
                return FromDurableStatus(runtime.GetString()!, root.TryGetProperty("output", out var output) ? output : default, body, where);
            }

            return FromResponse(root, body, where);
        }
        catch (JsonException)
        {
            throw NotAResponse(body, where);
        }
    }

    private static RemoteStepResponse FromResponse(JsonElement element, byte[] body, string where)
    {
        if (element.ValueKind == JsonValueKind.String && element.GetString() is { } text)
        {
            // A Durable orchestration's output may be the response serialized as a string.
            return ParseAnswer(System.Text.Encoding.UTF8.GetBytes(text), where);
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("exitCode", out var exit) || exit.ValueKind != JsonValueKind.Number)
        {
            throw NotAResponse(body, where);
        }

        return element.Deserialize<RemoteStepResponse>(RemoteStepProtocol.Json) ?? throw NotAResponse(body, where);
    }

    private static RemoteStepResponse FromDurableStatus(string runtimeStatus, JsonElement output, byte[] body, string where) => runtimeStatus switch
    {
        "Completed" => FromResponse(output, body, where),
        "Failed" or "Terminated" or "Canceled" => throw new AzureFunctionsRemoteException(
            $"{where} says the orchestration running the step is {runtimeStatus}: {(output.ValueKind == JsonValueKind.Undefined ? "no output" : HttpBodies.Quote(System.Text.Encoding.UTF8.GetBytes(output.GetRawText())))}. See the function app's log.")
        {
            Kind = FailureKind.StepFailed,
        },
        _ => throw NotAResponse(body, where),
    };

    private static AzureFunctionsRemoteException NotAResponse(byte[] body, string where) => new(
        $"{where} answered with something that is not a remote step protocol response: {HttpBodies.Quote(body)}. " +
        "Make the function answer { \"exitCode\": n, \"message\": …, \"logTail\": … } as the README's remote step protocol describes (or 202 with Location), and check that the URL is the step function's.")
    {
        // What answered is not a Bazaar handler (the wrong function, or one deployed wrong): it answers the same next time.
        Kind = FailureKind.Misconfigured,
    };
}
