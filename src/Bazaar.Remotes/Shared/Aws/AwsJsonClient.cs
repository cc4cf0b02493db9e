using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;

namespace Bazaar.Remotes.Aws;

/// <summary>
/// Sends calls to AWS JSON APIs, signed with SigV4 through AWSSDK.Core (<see cref="AwsRequestSigner"/>), and tries a
/// call again, with exponential backoff and jitter (or after <c>Retry-After</c>), when AWS throttles
/// (<c>ThrottlingException</c> and its kin, 429), fails (5xx) or cannot be reached. Any other answer is returned as
/// it is, for the remote to say what it means. Shared, as source, by the ECS and Batch remotes.
/// </summary>
internal sealed class AwsJsonClient : IDisposable
{
    // The error types AWS answers with a 400 when it throttles; they are tried again like a 429.
    private static readonly string[] ThrottlingTypes =
    [
        "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException", "SlowDown",
    ];

    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly int maxAttempts;
    private readonly TimeSpan baseDelay;
    private readonly TimeSpan maxDelay;

    /// <summary>Initializes a new instance of the <see cref="AwsJsonClient"/> class.</summary>
    /// <param name="clock">The clock backoff waits on.</param>
    /// <param name="options">How many times a call is sent at most (<see cref="IAwsRemoteOptions.MaxAttempts"/>), and the waits between.</param>
    /// <param name="handler">The transport; <see langword="null"/> for a socket handler (tests pass a recording one).</param>
    public AwsJsonClient(TimeProvider clock, IAwsRemoteOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.clock = clock;
        this.maxAttempts = options.MaxAttempts;
        this.baseDelay = options.RetryBaseDelay;
        this.maxDelay = options.RetryMaxDelay;
        this.http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Gets a value indicating whether an error type is AWS throttling.</summary>
    /// <param name="errorType">The error type.</param>
    /// <returns><see langword="true"/> for <c>ThrottlingException</c> and its kin.</returns>
    public static bool IsThrottling(string? errorType) => errorType is not null && ThrottlingTypes.Contains(errorType, StringComparer.Ordinal);

    /// <summary>Sends the call, trying again while AWS throttles or fails.</summary>
    /// <param name="call">The call.</param>
    /// <param name="retrying">Told of each retry: the try that failed, why, and the wait.</param>
    /// <param name="cancellationToken">Cancels the call and the waits.</param>
    /// <returns>The last answer.</returns>
    /// <exception cref="AmazonClientException">The call could not be signed (bad credentials).</exception>
    public async Task<AwsAnswer> SendAsync(AwsCall call, Action<int, string, TimeSpan>? retrying, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            AwsAnswer answer;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(call.Method, call.Uri) { Content = new ByteArrayContent(call.Body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.ContentType);
                if (call.Target is { } target)
                {
                    request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
                }

                await AwsRequestSigner.SignAsync(request, call.Body, call.Credentials, call.Region, call.Service, null, cancellationToken).ConfigureAwait(false);
                using var response = await this.http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new AwsAnswer(status, body, null, null, attempt);
                }

                var (type, message) = ReadError(response, body);
                answer = new AwsAnswer(status, body, type, message, attempt);
                if (status != 429 && status < 500 && !IsThrottling(type))
                {
                    return answer;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                answer = new AwsAnswer(0, [], null, $"could not reach {call.Uri.GetLeftPart(UriPartial.Authority)} ({ex.Message})", attempt);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                answer = new AwsAnswer(0, [], null, $"{call.Uri.GetLeftPart(UriPartial.Authority)} did not answer within {this.http.Timeout.TotalSeconds:0} s ({ex.Message})", attempt);
            }

            if (attempt >= this.maxAttempts)
            {
                return answer;
            }

            var delay = retryAfter ?? this.Backoff(attempt);
            retrying?.Invoke(attempt, answer.DescribeError(), delay);
            await Task.Delay(delay, this.clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => this.http.Dispose();

    /// <summary>
    /// Reads an AWS JSON error: the type from <c>x-amzn-ErrorType</c> or the body's <c>__type</c>
    /// (<c>com.amazonaws.ecs#ClientException</c>, <c>ClientException:http://…</c>), the message from <c>message</c> or <c>Message</c>.
    /// </summary>
    private static (string? Type, string? Message) ReadError(HttpResponseMessage response, byte[] body)
    {
        string? type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type"))
                    {
                        type ??= property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        message ??= property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length is > 0 and < 512 ? Encoding.UTF8.GetString(body) : null;
        }

        if (type is not null)
        {
            type = type.Split(':')[0];
            type = type[(type.LastIndexOf('#') + 1)..];
        }

        return (string.IsNullOrEmpty(type) ? null : type, message ?? (type is null ? response.ReasonPhrase : null));
    }

    private TimeSpan Backoff(int attempt)
    {
        // Exponential with "equal jitter": half fixed, half random, so the retries of many steps spread out.
        var ceiling = Math.Min(this.maxDelay.TotalMilliseconds, this.baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
#pragma warning restore CA5394
    }
}
