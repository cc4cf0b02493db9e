using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;
using Bazaar.Remotes.Http;

namespace Bazaar.Remotes.AwsLambda;

/// <content>The Invoke call: signing, retries with backoff, and what Lambda's errors mean.</content>
internal sealed partial class AwsLambdaRemote
{
    private async Task<LambdaAnswer> InvokeAsync(StepDefinition step, LambdaTarget target, AWSCredentials signingCredentials, byte[] body, CancellationToken cancellationToken)
    {
        var uri = target.InvocationUri;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "RequestResponse");
                request.Headers.TryAddWithoutValidation("X-Amz-Log-Type", "Tail");
                await AwsRequestSigner.SignAsync(request, body, signingCredentials, target.Region, LambdaTarget.SigningService, null, cancellationToken).ConfigureAwait(false);

                var started = this.clock.GetTimestamp();
                using var response = await this.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var content = await this.ReadBodyAsync(step, target, response, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var elapsed = this.clock.GetElapsedTime(started);
                this.logger.Answered(step.Name, target.Settings.Function, status, elapsed.TotalMilliseconds);
                if (response.IsSuccessStatusCode)
                {
                    return new LambdaAnswer(content, Header(response, "X-Amz-Function-Error"), Header(response, "X-Amz-Log-Result"));
                }

                var error = DescribeError(response, content);
                if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
                {
                    throw Rejected(step, target, status, error);
                }

                reason = $"{status} {error}";
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"could not reach {target.Endpoint.GetLeftPart(UriPartial.Authority)} ({ex.Message})";
            }
            catch (AmazonClientException ex)
            {
                throw new AwsLambdaRemoteException(
                    $"Step '{step.Name}': could not sign the call to {target.Describe()} ({ex.Message}). Check the host's AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE).",
                    ex)
                {
                    Kind = FailureKind.Misconfigured,
                };
            }

            if (attempt >= this.options.MaxAttempts)
            {
                throw new AwsLambdaRemoteException(
                    $"Step '{step.Name}': {target.Describe()} in {target.Region} at {target.Endpoint.GetLeftPart(UriPartial.Authority)} failed {attempt} time(s); the last: {reason}. " +
                    "Check that the endpoint is right and reachable from this host (AWS_ENDPOINT_URL_LAMBDA), and, when Lambda throttles, raise the function's concurrency or lower the graph's parallelism.")
                {
                    Kind = FailureKind.Infrastructure,
                };
            }

            var delay = retryAfter ?? this.Backoff(attempt);
            this.logger.Retrying(step.Name, target.Settings.Function, attempt, reason, delay);
            await Task.Delay(delay, this.clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt) => HttpRetries.Backoff(attempt, this.options.RetryBaseDelay, this.options.RetryMaxDelay);

    private async Task<byte[]> ReadBodyAsync(StepDefinition step, LambdaTarget target, HttpResponseMessage response, CancellationToken cancellationToken) =>
        await HttpBodies.ReadAsync(response, this.options.MaxResponseBytes, cancellationToken).ConfigureAwait(false) ?? throw new AwsLambdaRemoteException(
            $"Step '{step.Name}': {target.Describe()} answered with more than {this.options.MaxResponseBytes} bytes. Its answer must be a small remote step protocol response; " +
            "let the handler cap logTail, and upload products to their URLs instead of returning them.")
        {
            Kind = FailureKind.StepFailed,
        };

    private async Task<RemoteResult> TimedOutAsync(StepContext context, LambdaTarget target, TimeSpan waited)
    {
        var step = context.Step;
        this.logger.InvocationTimedOut(step.Name, target.Settings.Function, waited);
        var message = $"step '{step.Name}' timed out: {target.Describe()} did not answer within {waited.TotalSeconds:0.#}s " +
            $"(its deadline plus {this.options.InvocationTimeoutMargin.TotalSeconds:0.#}s) and may still be running; raise its timeout: or make it faster";
        await context.Log.WriteLineAsync($"[bazaar] {message}", CancellationToken.None).ConfigureAwait(false);
        return new RemoteResult { ExitCode = 124, Failure = FailureKind.TimedOut, Message = message };
    }

    private async Task<AwsLambdaRemoteException> FunctionFailedAsync(StepContext context, LambdaTarget target, LambdaAnswer answer)
    {
        var (type, message) = ReadFunctionError(answer.Body);
        this.logger.FunctionFailed(context.Step.Name, target.Settings.Function, type);
        if (answer.LogResult is { } encoded)
        {
            await context.Log.WriteLineAsync("[bazaar] the end of the function's own log:", CancellationToken.None).ConfigureAwait(false);
            foreach (var line in DecodeLog(encoded))
            {
                await context.Log.WriteLineAsync(line, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return new AwsLambdaRemoteException(
            $"Step '{context.Step.Name}': {target.Describe()} failed with {type}: {message}. " +
            "The function threw instead of answering with a remote step protocol response; see its log, and fix the handler or the step.")
        {
            // The function's own failure fails the step; Lambda stopping it at the function's timeout is a timeout.
            Kind = type.Contains("Timedout", StringComparison.OrdinalIgnoreCase) || message.Contains("Task timed out", StringComparison.Ordinal)
                ? FailureKind.TimedOut
                : FailureKind.StepFailed,
        };
    }

    private static (string Type, string Message) ReadFunctionError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (Property(root, "errorType") ?? "an unhandled error", Property(root, "errorMessage") ?? root.GetRawText());
        }
        catch (JsonException)
        {
            return ("an unhandled error", Encoding.UTF8.GetString(body));
        }
    }

    private static string[] DecodeLog(string encoded)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).TrimEnd('\n').Split('\n');
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static AwsLambdaRemoteException Rejected(StepDefinition step, LambdaTarget target, int status, string error)
    {
        var where = $"{target.Describe()} in {target.Region} at {target.Endpoint.GetLeftPart(UriPartial.Authority)}";
        var advice = status switch
        {
            404 => $"There is no such function: check function:{(target.Settings.Qualifier is null ? string.Empty : ", qualifier:")} and region: under the step's remote, and that the function is deployed there.",
            401 or 403 => "Lambda refused the credentials: the identity from the AWS default chain needs lambda:InvokeFunction on the function.",
            413 => "The request is too large for Lambda; this is a bug in Bazaar, please report it.",
            _ => "Check the step's remote settings and the function's configuration.",
        };
        return new AwsLambdaRemoteException($"Step '{step.Name}': {where} refused the invocation with {status} {error}. {advice}")
        {
            // Lambda refused the call as it was made and will refuse it again — but for 409 (the
            // function is being created or updated), which passes.
            Kind = status == (int)HttpStatusCode.Conflict ? FailureKind.Infrastructure : FailureKind.Misconfigured,
        };
    }

    private static string DescribeError(HttpResponseMessage response, byte[] content)
    {
        var type = Header(response, "x-amzn-ErrorType")?.Split(':')[0];
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(content);
            message = Property(document.RootElement, "message") ?? Property(document.RootElement, "errorMessage");
        }
        catch (JsonException)
        {
            message = content.Length is > 0 and < 512 ? Encoding.UTF8.GetString(content) : null;
        }

        return (type, message) switch
        {
            (null, null) => response.ReasonPhrase ?? "error",
            (null, _) => message!,
            (_, null) => type!,
            _ => $"{type}: {message}",
        };
    }

    private static string? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;
}
