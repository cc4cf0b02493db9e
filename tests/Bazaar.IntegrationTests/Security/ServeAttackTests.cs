using System.Net;
using System.Net.Http.Headers;
using Bazaar.IntegrationTests.Http;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// Attacks on a real <c>bazaar serve</c> on loopback, each performed and refused: a web page's form
/// posting a graph to it, DNS rebinding, and a request without its generated token.
/// </summary>
[Collection(ServeCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServeAttackTests(ServeFixture fixture) : IDisposable
{
    private const string Graph = "name: planted\nsteps:\n  boom:\n    run: echo pwned\n";

    private readonly TempDirectory temp = new();

    [Fact]
    public async Task CrossSiteFormPost_EvenWithoutAuth_IsRefusedAndStartsNothing()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        await using var serve = await ServeProcess.StartAsync(fixture.Storage, "xs" + Guid.NewGuid().ToString("N")[..8], "--no-auth");
        using var browser = serve.CreateClient(token: null);

        // What a page on another site sends when its form posts here: multipart, no preflight.
        var withFetchMetadata = await browser.SendAsync(FormPost(origin: "http://evil.example", site: "cross-site"), ct);
        var withOriginOnly = await browser.SendAsync(FormPost(origin: "http://evil.example", site: null), ct);
        var withNullOrigin = await browser.SendAsync(FormPost(origin: "null", site: null), ct);
        var runs = await browser.GetStringAsync("api/runs", ct);

        Assert.Equal(HttpStatusCode.Forbidden, withFetchMetadata.StatusCode);
        Assert.Contains("other sites", await withFetchMetadata.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, withOriginOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withNullOrigin.StatusCode);
        Assert.Equal("[]", runs.Trim());
    }

    [Fact]
    public async Task SameOriginPost_WithTheToken_IsAccepted()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        using var client = fixture.Serve.CreateClient();
        var origin = fixture.Serve.BaseAddress.GetLeftPart(UriPartial.Authority);

        var response = await client.SendAsync(FormPost(origin, "same-origin"), ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task DnsRebinding_ForeignHostName_IsRefusedWith421()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        await AssertRebindingRefusedAsync(fixture.Serve, ct);
    }

    [Fact]
    public async Task DnsRebinding_EvenWithoutAuth_IsRefusedWith421()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        await using var serve = await ServeProcess.StartAsync(fixture.Storage, "rb" + Guid.NewGuid().ToString("N")[..8], "--no-auth");
        await AssertRebindingRefusedAsync(serve, ct);
    }

    [Fact]
    public async Task DefaultServe_MakesAPrivateTokenAndRefusesRequestsWithoutIt_SubmitReadsIt()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        var home = this.temp["home"];
        await using var serve = await ServeProcess.StartWithHomeAsync(fixture.Storage, "gt" + Guid.NewGuid().ToString("N")[..8], home);
        using var anonymous = serve.CreateClient(token: null);
        using var authorized = serve.CreateClient();

        var refused = await anonymous.GetAsync("api/runs", ct);
        var accepted = await authorized.GetAsync("api/runs", ct);
        var submit = await CliRunner.RunAsync(
            new Dictionary<string, string> { ["BAZAAR_HOME"] = home, ["BAZAAR_API_TOKEN"] = string.Empty },
            RepositoryRoot.Path,
            "submit",
            "examples/hello.yaml",
            "--url",
            serve.BaseAddress.ToString());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, "serve.token")));
        Assert.True(submit.ExitCode == 0, submit.ToString());
    }

    [Fact]
    public async Task ServeOfferingOnlyDocker_GraphWithProcessSteps_Refused400NamingTheRemote()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        await using var serve = await ServeProcess.StartAsync(fixture.Storage, "rm" + Guid.NewGuid().ToString("N")[..8], "--remotes", "docker");
        using var client = serve.CreateClient();

        using var graph = new StringContent(Graph, System.Text.Encoding.UTF8, "application/yaml");
        var refused = await client.PostAsync("api/runs", graph, ct);
        var body = await refused.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = System.Text.Json.JsonDocument.Parse(body);
        Assert.Contains(
            problem.RootElement.GetProperty("problems").EnumerateArray(),
            p => p.GetProperty("message").GetString()!.Contains("remote 'process' is neither defined under remotes: nor an installed remote type (installed: docker)", StringComparison.Ordinal));
        Assert.Equal("[]", (await client.GetStringAsync("api/runs", ct)).Trim());
    }

    [Fact]
    public async Task BrowserVisitWithTheToken_GetsAStrictHttpOnlyCookieThatThenAuthorises()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = fixture.Serve.BaseAddress };

        var first = await browser.GetAsync($"api/runs?token={fixture.Serve.Token}", ct);
        var next = await browser.GetAsync("api/runs", ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    public void Dispose() => this.temp.Dispose();

    private static async Task AssertRebindingRefusedAsync(ServeProcess serve, CancellationToken ct)
    {
        using var client = serve.CreateClient();

        // The attacker's name now resolves to 127.0.0.1; the browser still sends the attacker's Host.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        rebound.Headers.Host = $"rebind.evil.example:{serve.BaseAddress.Port}";
        var refused = await client.SendAsync(rebound, ct);
        using var local = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        local.Headers.Host = $"localhost:{serve.BaseAddress.Port}";
        var accepted = await client.SendAsync(local, ct);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        Assert.Contains("DNS rebinding", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static HttpRequestMessage FormPost(string origin, string? site)
    {
        var form = new MultipartFormDataContent { { new StringContent(Graph), "graph", "graph.yaml" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = form };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        if (site is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", site);
        }

        return request;
    }
}
