using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Bazaar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AzureContainerInstances.Tests.Arm;

/// <summary>
/// ARM as an HTTP handler under Azure.Core's real pipeline (retries, headers): records each request Bazaar sends
/// and answers from a script, so a test checks the requests' shapes and how answers are read.
/// </summary>
internal sealed class RecordingArm : HttpMessageHandler
{
    public const string Subscription = "00000000-0000-0000-0000-0000000000aa";
    public const string ResourceGroup = "bazaar-jobs";

    private readonly ConcurrentQueue<Func<RecordedRequest, HttpResponseMessage>> script = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Gets the answer when the script is empty: 404 with ARM's ResourceNotFound.</summary>
    public Func<RecordedRequest, HttpResponseMessage> Otherwise { get; set; } = _ => Json(HttpStatusCode.NotFound, """{"error":{"code":"ResourceNotFound","message":"not found"}}""");

    public RecordingArm Then(Func<RecordedRequest, HttpResponseMessage> answer)
    {
        this.script.Enqueue(answer);
        return this;
    }

    public RecordingArm Then(HttpStatusCode status, string body = "{}", params (string Name, string Value)[] headers) =>
        this.Then(_ => Json(status, body, headers));

    public static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    /// <summary>Makes the remote under test, pointed at this handler, with fast retries and a fixed token.</summary>
    public AzureContainerInstancesRemote CreateRemote(Action<AzureContainerInstancesRemoteOptions>? configure = null, IDictionary<string, string>? environment = null)
    {
        var options = new AzureContainerInstancesRemoteOptions
        {
            Credential = new StaticToken(),
            Subscription = Subscription,
            ResourceGroup = ResourceGroup,
            Location = "westeurope",
            AgentImage = "bazaarcr.azurecr.io/bazaar-agent:1",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            MinDescribeInterval = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return new AzureContainerInstancesRemote(Options.Create(options), NullLogger<AzureContainerInstancesRemote>.Instance, TimeProvider.System)
        {
            Transport = new HttpClientTransport(new HttpClient(this, disposeHandler: false)),
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("If-None-Match", out var match) ? string.Join(",", match) : null,
            body);
        lock (this.Requests)
        {
            this.Requests.Add(recorded);
        }

        return this.script.TryDequeue(out var answer) ? answer(recorded) : this.Otherwise(recorded);
    }

    /// <summary>A credential that hands out one token and counts how often it was asked.</summary>
    internal sealed class StaticToken : TokenCredential
    {
        public int Asked { get; private set; }

        public string? Scope { get; private set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            this.GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            this.Asked++;
            this.Scope = requestContext.Scopes.Single();
            return ValueTask.FromResult(new AccessToken("arm-token", DateTimeOffset.UtcNow.AddHours(1)));
        }
    }
}

/// <summary>One request as ARM saw it.</summary>
internal sealed record RecordedRequest(string Method, Uri Uri, string? Authorization, string? IfNoneMatch, string? Body)
{
    public string PathAndQuery => this.Uri.PathAndQuery;
}
