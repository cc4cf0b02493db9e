using System.IO.Compression;
using System.Net;
using Bazaar.Testing;

namespace Bazaar.Http.Tests.Http;

/// <summary>The web UI's files as Bazaar.Http serves them: embedded, under a strict CSP, the page at any /ui/ path, small.</summary>
public sealed class WebUiTests
{
    [Fact]
    public void Bundle_Embedded_AtMost60KiBGzipped()
    {
        var js = WebUi.File("app.js");

        Assert.NotNull(js);
        Assert.NotNull(WebUi.File("app.css"));
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(js);
        }

        Console.WriteLine($"web UI bundle: {js.Length} bytes, {gzipped.Length} gzipped");
        Assert.InRange(gzipped.Length, 1, 60 * 1024);
    }

    [Fact]
    public async Task RunPath_AnswersThePageUnderTheCsp_WithNothingInline()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();

        var page = await server.Http.GetAsync("ui/runs/some-run?step=x", ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var script = await server.Http.GetAsync("ui/assets/app.js", ct);
        var missing = await server.Http.GetAsync("ui/assets/nope.js", ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("src=\"/ui/assets/app.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // every script is a file the CSP allows
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Root_RedirectsToTheUi_DroppingTheTokenFromTheAddress()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Http.BaseAddress };

        var answer = await http.GetAsync("?token=secret&code=k", ct);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/ui/?code=k", answer.Headers.Location?.ToString());
    }
}
