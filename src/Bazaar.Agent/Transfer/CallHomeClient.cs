using System.Net;
using System.Net.Http.Headers;
using Bazaar.Remotes;

namespace Bazaar.Agent.Transfer;

/// <summary>
/// Calls home: <c>POST</c> with the endpoint's bearer token and a JSON body. A connection error, a 5xx or a
/// 429 is tried again with backoff until <c>giveUpAt</c>; any other answer is final (a 401 or 409 will not
/// change), and says why on stderr. The token is never written anywhere.
/// </summary>
/// <param name="http">The client.</param>
/// <param name="errors">The agent's stderr.</param>
internal sealed class CallHomeClient(HttpClient http, TextWriter errors)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Posts <paramref name="body"/>.</summary>
    /// <param name="what">Which call, for messages (<c>started</c>, <c>done</c>).</param>
    /// <param name="endpoint">Where, and the token.</param>
    /// <param name="body">The JSON.</param>
    /// <param name="giveUpAt">When to stop trying.</param>
    /// <param name="cancellationToken">Stops trying (the agent asked to stop before the step started).</param>
    /// <returns>Whether home accepted it.</returns>
    public async Task<bool> PostAsync(string what, CallHomeEndpoint endpoint, byte[] body, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var where = Urls.Describe(endpoint.Url);
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            var retryAfter = TimeSpan.Zero;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TryTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
                using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
                {
                    await errors.WriteLineAsync(
                        $"[bazaar-agent] calling home ({what}): {where} answered {status} {response.ReasonPhrase}; not tried again, as that answer does not change " +
                        "(the token was refused, has expired or was used, or the attempt is no longer awaited).").ConfigureAwait(false);
                    return false;
                }

                failure = $"{where} answered {status} {response.ReasonPhrase}";
                retryAfter = response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
            }
            catch (HttpRequestException ex)
            {
                failure = $"could not reach {where} ({SecretRedactor.RedactSas(ex.Message)})";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await errors.WriteLineAsync($"[bazaar-agent] calling home ({what}): stopped trying, the agent was asked to stop").ConfigureAwait(false);
                return false;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                failure = $"{where} did not answer within {TryTimeout.TotalSeconds:0} s";
            }

            var wait = retryAfter > backoff ? retryAfter : backoff;
            if (DateTimeOffset.UtcNow + wait > giveUpAt)
            {
                await errors.WriteLineAsync($"[bazaar-agent] calling home ({what}) failed {attempt} times, the last: {failure}; giving up").ConfigureAwait(false);
                return false;
            }

            await errors.WriteLineAsync($"[bazaar-agent] calling home ({what}): {failure}; trying again in {wait.TotalSeconds:0.##} s").ConfigureAwait(false);
            try
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await errors.WriteLineAsync($"[bazaar-agent] calling home ({what}): stopped trying, the agent was asked to stop").ConfigureAwait(false);
                return false;
            }
            backoff = backoff * 2 < LongestBackoff ? backoff * 2 : LongestBackoff;
        }
    }
}
