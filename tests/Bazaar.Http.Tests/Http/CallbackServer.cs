using System.Net.Http.Headers;
using System.Text;
using Bazaar.CallHome;
using Bazaar.Remotes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace Bazaar.Http.Tests.Http;

/// <summary>
/// The API on real Kestrel (loopback, a free port) with the in-memory store, call-home keys and a mocked
/// Durable Task client that records the events raised: the callback route as a host maps it.
/// </summary>
internal sealed class CallbackServer : IAsyncDisposable
{
    public const string Keys = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly WebApplication app;

    private CallbackServer(WebApplication app, HttpClient http, Mock<DurableTaskClient> client, CapturedLogs logs)
    {
        this.app = app;
        this.Http = http;
        this.Client = client;
        this.Logs = logs;
    }

    public Mock<DurableTaskClient> Client { get; }

    public CapturedLogs Logs { get; }

    public HttpClient Http { get; }

    public CallbackTokens Tokens => this.app.Services.GetRequiredService<CallbackTokens>();

    public IServiceProvider Services => this.app.Services;

    public Uri BaseAddress => this.Http.BaseAddress!;

    public static async Task<CallbackServer> StartAsync(string keys = Keys)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddBazaar().AddInMemoryProductStore().AddHttpApi().AddCallHome(o => o.Keys = CallbackKeyRing.Parse(keys));
        var app = builder.Build();
        var client = new Mock<DurableTaskClient>("bazaar");
        app.MapBazaarApi(() => client.Object);
        await app.StartAsync(Bazaar.Testing.TestTimeout.Token());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CallbackServer(app, new HttpClient { BaseAddress = new Uri(address) }, client, logs);
    }

    public CallHomeEndpoint Endpoint(string @event, DateTimeOffset? expiresAt = null, string step = "compile")
    {
        var claims = new CallbackClaims("run-1:shard-0", "run-1", step, 1, @event, expiresAt ?? DateTimeOffset.UtcNow.AddMinutes(5));
        return new CallHomeEndpoint(new Uri(this.BaseAddress, $"api/callbacks/{@event}"), this.Tokens.Issue(claims));
    }

    public Task<HttpResponseMessage> PostAsync(string path, string? token, string body, CancellationToken cancellationToken) =>
        this.PostAsync(path, token, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);

    public Task<HttpResponseMessage> PostAsync(string path, string? token, HttpContent body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return this.Http.SendAsync(request, cancellationToken);
    }

    public void VerifyNothingRaised() =>
        this.Client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);

    public async ValueTask DisposeAsync()
    {
        this.Http.Dispose();
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
