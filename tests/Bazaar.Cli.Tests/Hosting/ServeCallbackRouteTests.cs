using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bazaar.CallHome;
using Bazaar.Cli.Hosting;
using Bazaar.Http;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Bazaar.Cli.Tests.Hosting;

/// <summary>
/// <c>bazaar serve</c>'s web server on real Kestrel, with its token required: the callback route is let through
/// its token and cross-site checks (the attempt's token authorises it) but not through its Host check.
/// </summary>
public sealed class ServeCallbackRouteTests : IAsyncLifetime
{
    private const string ServeToken = "s3cret";

    private readonly Mock<DurableTaskClient> client = new("bazaar");
    private ServiceProvider services = null!;
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddBazaar().AddInMemoryProductStore().AddHttpApi().AddCallHome(o => o.Keys = CallbackKeyRing.Parse(CallbackKeyRing.NewSetting()));
        this.services = collection.BuildServiceProvider();
        this.app = ApiServer.Build(this.services, () => this.client.Object, ["http://127.0.0.1:0"], ServeToken, NullLoggerFactory.Instance);
        await this.app.StartAsync(TestTimeout.Token());
        ServeCallbacks.UseListeningAddress(this.services, ApiServer.Addresses(this.app));
        this.http = new HttpClient { BaseAddress = new Uri(ApiServer.Addresses(this.app)[0]) };
    }

    public async Task DisposeAsync()
    {
        this.http.Dispose();
        await this.app.DisposeAsync();
        await this.services.DisposeAsync();
    }

    [Fact]
    public async Task Callback_WithoutServesTokenAndMarkedCrossSite_IsAccepted()
    {
        var ct = TestTimeout.Token();
        var done = this.Done();
        using var request = Post(done.Url.PathAndQuery, done.Token);
        request.Headers.Add("Origin", "http://elsewhere.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await this.http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        this.client.Verify(c => c.RaiseEventAsync("run-1", "callhome:compile:1:done", It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Callback_UnderAForeignHostName_IsRefusedWith421()
    {
        var ct = TestTimeout.Token();
        var done = this.Done();
        using var request = Post(done.Url.PathAndQuery, done.Token);
        request.Headers.Host = "rebound.example";

        var response = await this.http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        this.client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("POST", "api/runs")]
    [InlineData("GET", "api/callbacks/done")]
    [InlineData("POST", "api/callbacks/done/more")]
    [InlineData("POST", "api/callbacks/")]
    public async Task OtherRoutesAndShapes_StillNeedServesToken(string method, string path)
    {
        var ct = TestTimeout.Token();
        var done = this.Done();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", done.Token);

        var response = await this.http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("bearer token is wrong", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public void CallbackUrl_DefaultsToTheListeningAddress()
    {
        var url = this.services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CallHomeOptions>>().Value.CallbackUrl;

        Assert.Equal(this.http.BaseAddress, url);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071", "127.0.0.1")]
    [InlineData("http://0.0.0.0:7071", null)]
    [InlineData("http://[::]:7071", null)]
    [InlineData("http://+:7071", null)]
    public void DefaultUrl_WildcardAddress_UsesTheMachinesName(string address, string? host)
    {
        var url = ServeCallbacks.DefaultUrl(address)!;

        Assert.Equal(host ?? Dns.GetHostName(), url.Host, ignoreCase: true);
        Assert.Equal(7071, url.Port);
    }

    private CallHomeEndpoint Done() =>
        this.services.GetRequiredService<CallbackTokens>()
            .CreateCallHome(new CallbackAttempt("run-1", "run-1", "compile", 1), DateTimeOffset.UtcNow.AddMinutes(5)).Done;

    private static HttpRequestMessage Post(string path, string token) => new(HttpMethod.Post, path)
    {
        Content = new StringContent("{\"exitCode\":0}", Encoding.UTF8, "application/json"),
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
}
