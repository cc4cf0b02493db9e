using System.Net;
using Bazaar.Functions.Http;
using Bazaar.Http;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Functions.Tests.Http;

/// <summary>
/// The UI functions in Kestrel on loopback, on the routes the Function App declares (ASP.NET Core reads the same
/// templates the Functions host does): what a browser gets at <c>/</c>, <c>/ui/…</c> and the bundle's files.
/// </summary>
public sealed class UiFunctionsTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        this.app = builder.Build();
        this.app.MapGet(FunctionRoutes.Root, (HttpRequest req) => UiFunctions.UiRoot(req));
        this.app.MapGet(FunctionRoutes.Ui, (HttpRequest req, string? path) => UiFunctions.UiPage(req, path));
        await this.app.StartAsync(TestTimeout.Token());
        var address = this.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        this.http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        this.http.Dispose();
        await this.app.DisposeAsync();
    }

    [Fact]
    public async Task UiRoot_WithAKey_RedirectsToTheUiKeepingTheKeyForThePageToTake()
    {
        var answer = await this.http.GetAsync("/?code=the-key", TestTimeout.Token());

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/ui/?code=the-key", answer.Headers.Location?.OriginalString);
        Assert.Equal(WebUi.ContentSecurityPolicy, answer.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/ui/")]
    [InlineData("/ui/runs/r-1")]
    [InlineData("/ui/runs/r-1?step=build&attempt=2")]
    public async Task UiPage_AnyViewsAddress_IsThePageUnderTheStrictPolicy(string path)
    {
        var answer = await this.http.GetAsync(path, TestTimeout.Token());
        var html = await answer.Content.ReadAsStringAsync(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/ui/assets/app.js", html, StringComparison.Ordinal);
        Assert.Equal(WebUi.ContentSecurityPolicy, answer.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task UiPage_TheBundlesFiles_AreTheEmbeddedBytes(string file, string type)
    {
        var answer = await this.http.GetAsync($"/ui/assets/{file}", TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(type, answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WebUi.File(file), await answer.Content.ReadAsByteArrayAsync(TestTimeout.Token()));
        Assert.Equal(WebUi.ContentSecurityPolicy, answer.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task UiPage_AFileTheBundleLacks_Answers404Problem()
    {
        var answer = await this.http.GetAsync("/ui/assets/nothing.js", TestTimeout.Token());

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }
}
