using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

/// <summary><c>bazaar serve --token</c>: every request needs the token; a missing or wrong one is a 401 that says what to send.</summary>
[Collection(ServeCollection.Name)]
public sealed class ServeTokenTests(ServeFixture fixture)
{
    private const string Token = "correct horse battery staple";

    // One process for every case: starting serve takes seconds.
    [Fact]
    public async Task Serve_WithToken_RefusesEveryRequestWithoutItAndRunsWithIt()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        await using var serve = await ServeProcess.StartAsync(fixture.Storage, "tk" + Guid.NewGuid().ToString("N")[..8], "--token", Token);
        using var anonymous = serve.CreateClient(token: null);

        (string Method, string Path, string? Authorization, string Fragment)[] refused =
        [
            ("GET", "api/runs", null, "needs a bearer token"),
            ("GET", "api/runs", "Bearer wrong", "token is wrong"),
            ("GET", "api/runs", "Bearer " + Token + "x", "token is wrong"),
            ("GET", "api/runs", "bearer " + Token[..^1], "token is wrong"),
            ("GET", "api/runs", "Basic dXNlcjpwYXNz", "Bearer TOKEN"),
            ("GET", "api/runs/x/graph", "Bearer", "Bearer TOKEN"),
            ("POST", "api/runs", null, "needs a bearer token"),
            ("POST", "api/runs/x/cancel", "Bearer nope", "token is wrong"),
            ("GET", "nothing/here", null, "needs a bearer token"),
        ];
        foreach (var (method, path, authorization, fragment) in refused)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (method == "POST")
            {
                request.Content = new StringContent("name: sneaky\nsteps:\n  a: { run: [true] }\n", MediaTypeHeaderValue.Parse("application/yaml"));
            }

            var response = await anonymous.SendAsync(request, ct);

            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{authorization}': {(int)response.StatusCode} {text}");
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(fragment, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var authorized = serve.CreateClient(Token);
        Assert.Equal(0, JsonDocument.Parse(await authorized.GetStringAsync("api/runs", ct)).RootElement.GetArrayLength());
        var id = await ApiCalls.StartAsync(authorized, "name: tok\nsteps:\n  a: { run: [true] }\n", ct);
        Assert.Equal("Succeeded", (await ApiCalls.WaitForEndAsync(authorized, id, ct)).GetProperty("state").GetString());
    }
}
