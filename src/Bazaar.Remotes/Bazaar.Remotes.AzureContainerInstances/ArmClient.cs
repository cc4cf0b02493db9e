using System.Net;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// The few Azure Resource Manager calls the remote makes, through Azure.Core's <see cref="HttpPipeline"/>:
/// a bearer token per request, and Azure.Core's retry policy, which tries 408, 429 and 5xx answers and
/// unreachable endpoints again (<see cref="AzureContainerInstancesRemoteOptions.MaxAttempts"/> in all) with
/// exponential backoff, never sooner than the answer's <c>Retry-After</c>. Long-running operations are
/// followed as ARM documents them: <c>Azure-AsyncOperation</c> first, else <c>Location</c>.
/// </summary>
internal sealed class ArmClient : IDisposable
{
    private readonly HttpPipeline pipeline;
    private readonly ArmTokenPolicy tokens;
    private readonly TimeProvider clock;
    private readonly AzureContainerInstancesRemoteOptions options;

    /// <summary>Initializes a new instance of the <see cref="ArmClient"/> class.</summary>
    /// <param name="options">The remote's options: endpoint, audience, credential, retries.</param>
    /// <param name="clock">The clock tokens and operations are timed by.</param>
    /// <param name="transport">The transport; a test seam, Azure.Core's HttpClient transport by default.</param>
    public ArmClient(AzureContainerInstancesRemoteOptions options, TimeProvider clock, HttpPipelineTransport? transport = null)
    {
        this.options = options;
        this.clock = clock;
        this.Endpoint = CheckEndpoint(options.ResourceManagerEndpoint);
        var pipelineOptions = new ArmPipelineOptions();
        pipelineOptions.Retry.MaxRetries = options.MaxAttempts - 1;
        pipelineOptions.Retry.Mode = RetryMode.Exponential;
        pipelineOptions.Retry.Delay = options.RetryBaseDelay;
        pipelineOptions.Retry.MaxDelay = options.RetryMaxDelay;
        pipelineOptions.Diagnostics.ApplicationId = "bazaar";
        if (transport is not null)
        {
            pipelineOptions.Transport = transport;
        }

        var credential = options.Credential ?? new DefaultAzureCredential();
        this.tokens = new ArmTokenPolicy(credential, options.Audience.TrimEnd('/') + "/.default", clock);
        this.pipeline = HttpPipelineBuilder.Build(pipelineOptions, [], [this.tokens], new ResponseClassifier());
    }

    /// <summary>Gets the ARM endpoint, ending in <c>/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Sends one request (tried again on throttling, 5xx and network failures) and reads the answer.</summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">The URL, on <see cref="Endpoint"/>.</param>
    /// <param name="body">The JSON body, if any.</param>
    /// <param name="ifNoneMatch">Sends <c>If-None-Match: *</c>: create only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer, whatever its status.</returns>
    /// <exception cref="AzureContainerInstancesRemoteException">No credential, or ARM unreachable after every try.</exception>
    public async Task<ArmResponse> SendAsync(RequestMethod method, Uri uri, byte[]? body, bool ifNoneMatch, CancellationToken cancellationToken)
    {
        using var message = this.pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.SetValue(HttpHeader.Names.Accept, "application/json");
        if (body is not null)
        {
            request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
            request.Content = RequestContent.Create(body);
        }

        if (ifNoneMatch)
        {
            request.Headers.SetValue(HttpHeader.Names.IfNoneMatch, "*");
        }

        try
        {
            await this.pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new AzureContainerInstancesRemoteException(
                $"Found no Azure credential to call Azure Resource Manager ({ex.Message}). Give the host an identity DefaultAzureCredential finds: " +
                "a managed identity, workload identity, AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE and AZURE_TENANT_ID, or `az login`.",
                ex)
            {
                Kind = FailureKind.Misconfigured,
            };
        }
        catch (RequestFailedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw this.Unreachable(ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core reports its network timeout as a cancellation nobody asked for.
            throw this.Unreachable(ex);
        }

        var response = message.Response;
        return new ArmResponse(
            response.Status,
            response.Content.ToArray(),
            this.SameEndpoint(Header(response, "Azure-AsyncOperation")),
            this.SameEndpoint(Header(response, "Location")),
            this.RetryAfter(response));
    }

    /// <summary>
    /// Follows a long-running operation ARM accepted (<c>201</c>/<c>202</c> with <c>Azure-AsyncOperation</c> or
    /// <c>Location</c>) until it ends, waiting each time as long as <c>Retry-After</c> asks (a second by default), for
    /// at most <see cref="AzureContainerInstancesRemoteOptions.OperationTimeout"/>.
    /// </summary>
    /// <param name="accepted">The answer that started the operation.</param>
    /// <param name="what">The operation, for messages: <c>deleting container group bazaar-…</c>.</param>
    /// <param name="cancellationToken">Cancels following it.</param>
    /// <returns>A task that completes when the operation has succeeded.</returns>
    /// <exception cref="AzureContainerInstancesRemoteException">The operation failed, or did not end in time.</exception>
    public async Task WaitForOperationAsync(ArmResponse accepted, string what, CancellationToken cancellationToken)
    {
        var monitor = accepted.AsyncOperation ?? accepted.Location;
        if (monitor is null)
        {
            return;
        }

        var byLocation = accepted.AsyncOperation is null;
        var until = this.clock.GetUtcNow() + this.options.OperationTimeout;
        var wait = accepted.RetryAfter ?? TimeSpan.FromSeconds(1);
        while (true)
        {
            if (this.clock.GetUtcNow() + wait > until)
            {
                throw new AzureContainerInstancesRemoteException($"ARM was still {what} after {this.options.OperationTimeout.TotalSeconds:0} s; it goes on in Azure, and the janitor removes what is left.")
                {
                    Kind = FailureKind.Infrastructure,
                };
            }

            await Task.Delay(wait, this.clock, cancellationToken).ConfigureAwait(false);
            var status = await this.SendAsync(RequestMethod.Get, monitor, null, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);
            wait = status.RetryAfter ?? TimeSpan.FromSeconds(1);
            if (byLocation)
            {
                // The Location pattern: 202 while running, the final answer (200/204) once done.
                if (status.Status == (int)HttpStatusCode.Accepted)
                {
                    continue;
                }

                if (status.IsSuccess || status.Status == (int)HttpStatusCode.NotFound)
                {
                    return;
                }

                throw Failed(what, status.DescribeError());
            }

            if (!status.IsSuccess)
            {
                throw Failed(what, status.DescribeError());
            }

            switch (OperationStatus(status.Body))
            {
                case "Succeeded":
                    return;
                case "Failed" or "Canceled" or "Cancelled":
                    var (code, message) = status.Error();
                    throw Failed(what, $"{OperationStatus(status.Body)} {code}: {message}");
                default:
                    continue;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => this.tokens.Dispose();

    private AzureContainerInstancesRemoteException Unreachable(Exception ex) =>
        new(
            $"Could not reach Azure Resource Manager at {this.Endpoint.GetLeftPart(UriPartial.Authority)} after {this.options.MaxAttempts} tries ({ex.Message}). " +
            "Check the host's network and the ResourceManagerEndpoint option; another try may succeed.",
            ex)
        {
            Kind = FailureKind.Infrastructure,
        };

    private static AzureContainerInstancesRemoteException Failed(string what, string error) =>
        new($"ARM failed {what}: {error}.") { Kind = FailureKind.Infrastructure };

    private static string? OperationStatus(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? status.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Uri CheckEndpoint(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
        {
            throw new AzureContainerInstancesRemoteException(
                $"The azure-container-instances remote's ResourceManagerEndpoint is '{endpoint}'; it must be an https URL (plain http only on loopback, for a stand-in), " +
                "since every request carries the host's bearer token.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        return endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
    }

    private static string? Header(Response response, string name) => response.Headers.TryGetValue(name, out var value) ? value : null;

    private TimeSpan? RetryAfter(Response response)
    {
        var value = Header(response, "Retry-After");
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 600));
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var when)
            ? TimeSpan.FromSeconds(Math.Clamp((when - this.clock.GetUtcNow()).TotalSeconds, 0, 600))
            : null;
    }

    /// <summary>Gets the URL when it is on ARM's endpoint, else <see langword="null"/>: the bearer token goes nowhere else.</summary>
    /// <param name="value">A URL ARM answered with.</param>
    /// <returns>The URL, or <see langword="null"/>.</returns>
    public Uri? SameEndpoint(string? value) =>
        value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        string.Equals(uri.GetLeftPart(UriPartial.Authority), this.Endpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            ? uri
            : null;

    /// <summary>Azure.Core's client options, for the pipeline alone.</summary>
    private sealed class ArmPipelineOptions : ClientOptions;
}
