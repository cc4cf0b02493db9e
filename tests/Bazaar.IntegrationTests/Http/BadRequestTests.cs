using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

/// <summary>
/// Everything a client can get wrong, sent to a real <c>bazaar serve</c>: each is answered with the
/// right 4xx as problem+json, with a message that says what was wrong — never a 500.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class BadRequestTests(ServeFixture serve) : IAsyncLifetime
{
    private const string Hello = "name: hello\nsteps:\n  greet:\n    run: echo hi > out.txt\n    produces: { greeting: out.txt }\n";

    private string runId = string.Empty;

    public static TheoryData<string, string, string?, string, int, string> Requests() => new()
    {
        // method, path, content type, body, status, a fragment the problem's detail must contain
        { "POST", "api/runs", "application/yaml", "steps: [\n  - {", 400, "graph.yaml:" },
        { "POST", "api/runs", "application/json", "{\"name\": ", 400, "graph.json:" },
        { "POST", "api/runs", "application/yaml", "name: c\nsteps:\n  a: { consumes: [q], produces: [p] }\n  b: { consumes: [p], produces: [q] }\n", 400, "cycle" },
        { "POST", "api/runs", "application/yaml", "name: u\nstepz: {}\n", 400, "stepz" },
        { "POST", "api/runs", "application/yaml", "name: r\nsteps:\n  a: { run: [true], remote: docker }\n", 400, "docker" },
        { "POST", "api/runs", "application/yaml", "name: m\nsteps:\n  a: { run: [true], consumes: [nothing] }\n", 400, "nothing" },
        { "POST", "api/runs", "application/yaml", "name: t\nsteps:\n  a: { run: [true], produces: { p: ../../etc/passwd } }\n", 400, "workspace" },
        { "POST", "api/runs", "application/yaml", "name: n\nsteps:\n  a/b: { run: [true] }\n", 400, "a/b" },
        { "POST", "api/runs", "application/yaml", string.Empty, 400, "empty" },
        { "POST", "api/runs", "application/yaml", "  \n\n ", 400, "empty" },
        { "POST", "api/runs", "application/yaml", "\u00ff\u00fe not utf-8", 400, "UTF-8" },
        { "POST", "api/runs", null, Hello, 415, "no Content-Type" },
        { "POST", "api/runs", "text/html", Hello, 415, "text/html" },
        { "POST", "api/runs", "application/x-www-form-urlencoded", Hello, 415, "application/x-www-form-urlencoded" },
        { "POST", "api/runs", "application/yaml", "name: big\n#" + new string('x', 1 << 20), 413, "bytes" },
        { "POST", "api/runs", "application/yaml", "name: i\ninputs: [source]\nsteps:\n  a: { run: [true], consumes: [source] }\n", 400, "multipart" },
        { "POST", "api/runs?maxParallel=0", "application/yaml", Hello, 400, "maxParallel" },
        { "POST", "api/runs?maxParallel=lots", "application/yaml", Hello, 400, "maxParallel" },
        { "POST", "api/runs?failurePolicy=sometimes", "application/yaml", Hello, 400, "failurePolicy" },
        { "POST", "api/runs", "multipart/form-data", Hello, 400, "boundary" },
        { "POST", "api/runs", "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"graph\"\r\n\r\nname: x\r\n", 400, "malformed" },
        { "GET", "api/runs/no-such-run-20261125", null, string.Empty, 404, "no run 'no-such-run-20261125'" },
        { "GET", "api/runs/bad%20id", null, string.Empty, 400, "not a run id" },
        { "GET", "api/runs/no-such-run/graph", null, string.Empty, 404, "no run" },
        { "GET", "api/runs/no-such-run/graph?format=png", null, string.Empty, 400, "dot or mermaid" },
        { "GET", "api/runs/no-such-run/steps/greet/log", null, string.Empty, 404, "no run" },
        { "GET", "api/runs/no-such-run/products/greeting", null, string.Empty, 404, "no run" },
        { "POST", "api/runs/no-such-run/cancel", null, string.Empty, 404, "no run" },
        { "POST", "api/runs/no-such-run/rerun", null, string.Empty, 404, "no run" },
        { "POST", "api/runs/bad%20id/rerun", null, string.Empty, 400, "not a run id" },
        { "GET", "api/runs/x/rerun", null, string.Empty, 405, "POST" },
        { "GET", "api/runs?limit=0", null, string.Empty, 400, "limit" },
        { "GET", "api/runs?state=Bogus", null, string.Empty, 400, "state must be one of" },
        { "DELETE", "api/runs", null, string.Empty, 405, "GET, POST" },
        { "PUT", "api/runs/x", null, string.Empty, 405, "GET" },
        { "GET", "api/runs/x/cancel", null, string.Empty, 405, "POST" },
        { "PATCH", "api/runs/x/products/p", null, string.Empty, 405, "GET" },
        { "GET", "api/nothing/here", null, string.Empty, 404, "no route" },
    };

    public async Task InitializeAsync()
    {
        using var content = new StringContent(Hello, Encoding.UTF8, "application/yaml");
        var started = await serve.Client.PostAsync("api/runs", content);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        this.runId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await ApiCalls.WaitForEndAsync(serve.Client, this.runId, TestTimeout.Token());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Send_BadRequest_AnswersItsStatusWithAProblemThatSaysWhy(string method, string path, string? contentType, string body, int status, string fragment)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null || body.Length > 0)
        {
            request.Content = new ByteArrayContent(body.StartsWith('\u00ff') ? [0xff, 0xfe, 0x41] : Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        await AssertProblemAsync(await serve.Client.SendAsync(request, TestTimeout.Token()), status, fragment);
    }

    [Theory]
    [InlineData("steps/nosuch/log", 404, "no step 'nosuch'")]
    [InlineData("steps/..%2F..%2Fcas/log", 400, "not a step name")]
    [InlineData("steps/greet/log?attempt=0", 400, "attempt")]
    [InlineData("steps/greet/log?attempt=9", 404, "no attempt 9")]
    [InlineData("products/nosuch", 404, "no product 'nosuch'")]
    [InlineData("products/..%2F..%2Fcas", 400, "not a product name")]
    public async Task Get_BadNameOnAFinishedRun_AnswersItsStatusWithAProblemThatSaysWhy(string rest, int status, string fragment)
    {
        await AssertProblemAsync(await serve.Client.GetAsync($"api/runs/{this.runId}/{rest}", TestTimeout.Token()), status, fragment);
    }

    [Fact]
    public async Task Cancel_RunThatEnded_Answers409()
    {
        await AssertProblemAsync(await serve.Client.PostAsync($"api/runs/{this.runId}/cancel", null, TestTimeout.Token()), 409, "already ended");
    }

    [Fact]
    public async Task Post_WrongMethod_ListsTheAllowedOnesInTheAllowHeader()
    {
        var response = await serve.Client.DeleteAsync($"api/runs/{this.runId}", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("first-not-graph")]
    [InlineData("missing-input")]
    [InlineData("unknown-input")]
    [InlineData("duplicate-input")]
    [InlineData("tar-escapes")]
    [InlineData("no-graph")]
    public async Task Post_BadMultipart_Answers400NamingTheProblem(string which)
    {
        const string graph = "name: in\ninputs: [source]\nsteps:\n  a: { run: [true], consumes: [source] }\n";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("data"u8.ToArray());
        string fragment;
        switch (which)
        {
            case "first-not-graph":
                form.Add(file, "source", "source.txt");
                form.Add(new StringContent(graph), "graph");
                fragment = "first part must be the graph";
                break;
            case "missing-input":
                form.Add(new StringContent(graph), "graph");
                fragment = "needs input 'source'";
                break;
            case "unknown-input":
                form.Add(new StringContent(graph), "graph");
                form.Add(file, "sauce", "s.txt");
                fragment = "no input named 'sauce'";
                break;
            case "duplicate-input":
                form.Add(new StringContent(graph), "graph");
                form.Add(file, "source", "s.txt");
                form.Add(new ByteArrayContent("again"u8.ToArray()), "source", "s.txt");
                fragment = "sent twice";
                break;
            case "tar-escapes":
                form.Add(new StringContent(graph), "graph");
                var tar = new ByteArrayContent(TarWith("../escaped.txt"));
                tar.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                form.Add(tar, "source", "source.tar");
                fragment = "refused";
                break;
            default:
                form.Add(file, "graph-less", "x.txt");
                fragment = "first part must be the graph";
                break;
        }

        await AssertProblemAsync(await serve.Client.PostAsync("api/runs", form, TestTimeout.Token()), 400, fragment);
    }

    private static byte[] TarWith(string entryName)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        return buffer.ToArray();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string fragment)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        var listed = problem.TryGetProperty("problems", out var problems) ? string.Join("\n", problems.EnumerateArray().Select(p => p.ToString())) : string.Empty;
        Assert.True(
            (detail + "\n" + listed).Contains(fragment, StringComparison.OrdinalIgnoreCase),
            $"the problem does not mention '{fragment}': {text}");
    }
}
