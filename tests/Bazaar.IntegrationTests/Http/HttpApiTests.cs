using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

/// <summary>The HTTP API end to end on a real <c>bazaar serve</c> over Azurite: what a client does with a run.</summary>
[Collection(ServeCollection.Name)]
public sealed class HttpApiTests(ServeFixture serve)
{
    private const string Copy = """
        name: copy
        inputs: [blob, tree]
        steps:
          copy-file:
            run: cp blob out.bin
            consumes: [blob]
            produces: { copied: out.bin }
          copy-tree:
            run: cp -r tree out && echo copied the tree
            consumes: [tree]
            produces: { tree-copy: out/ }
        """;

    private HttpClient Client => serve.Client;

    [Fact]
    public async Task Submit_YamlGraph_RunsToTheEndWithLogsAndAGraphInBothFormats()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        var id = await ApiCalls.StartAsync(this.Client, "name: chain\nsteps:\n  first:\n    run: echo one from first | tee p.txt\n    produces: { p: p.txt }\n    env: {}\n  second:\n    run: [cat, p]\n    consumes: [p]\n", ct);

        var run = await ApiCalls.WaitForEndAsync(this.Client, id, ct);

        Assert.Equal("Succeeded", run.GetProperty("state").GetString());
        Assert.Equal(2, run.GetProperty("counts").GetProperty("Succeeded").GetInt32());
        Assert.All(run.GetProperty("result").GetProperty("steps").EnumerateArray(), s => Assert.Equal("Succeeded", s.GetProperty("state").GetString()));
        Assert.Contains("one from first", await this.Client.GetStringAsync($"api/runs/{id}/steps/first/log", ct), StringComparison.Ordinal);

        var dot = await this.Client.GetAsync($"api/runs/{id}/graph?format=dot", ct);
        Assert.Equal("text/vnd.graphviz", dot.Content.Headers.ContentType?.MediaType);
        var dotText = await dot.Content.ReadAsStringAsync(ct);
        Assert.StartsWith("digraph", dotText, StringComparison.Ordinal);
        Assert.Contains("green", dotText, StringComparison.Ordinal);
        Assert.StartsWith("flowchart", await this.Client.GetStringAsync($"api/runs/{id}/graph?format=mermaid", ct), StringComparison.Ordinal);
        Assert.Equal(dotText, await this.Client.GetStringAsync($"api/runs/{id}/graph", ct));
    }

    [Fact]
    public async Task Submit_JsonGraphWithFailingStep_EndsFailedWithTheExitCode()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        using var content = new StringContent("""{ "name": "fails", "steps": { "bad": { "run": "echo about to fail; exit 3" } } }""", Encoding.UTF8, "application/json");
        var id = await ApiCalls.StartAsync(this.Client, content, ct);

        var run = await ApiCalls.WaitForEndAsync(this.Client, id, ct);

        Assert.Equal("Failed", run.GetProperty("state").GetString());
        var step = run.GetProperty("result").GetProperty("steps")[0];
        Assert.Equal(3, step.GetProperty("exitCode").GetInt32());
        Assert.Contains("about to fail", await this.Client.GetStringAsync($"api/runs/{id}/steps/bad/log", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MultipartInputs_ProductsDownloadByteForByte()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        var blob = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Copy, Encoding.UTF8, "application/yaml"), "graph", "copy.yaml" },
            { new ByteArrayContent(blob), "blob", "blob.bin" },
        };
        var tree = new ByteArrayContent(Tar(("a.txt", "alpha"), ("sub/b.txt", "beta")));
        tree.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        form.Add(tree, "tree", "tree.tar");
        var id = await ApiCalls.StartAsync(this.Client, form, ct, "?maxParallel=2&failurePolicy=continue");

        var run = await ApiCalls.WaitForEndAsync(this.Client, id, ct);
        Assert.Equal("Succeeded", run.GetProperty("state").GetString());

        var copied = await this.Client.GetAsync($"api/runs/{id}/products/copied", ct);
        Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
        var bytes = await copied.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(blob, bytes);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob)), Assert.Single(copied.Headers.GetValues("X-Bazaar-Digest")));

        var treeCopy = await this.Client.GetAsync($"api/runs/{id}/products/tree-copy", ct);
        Assert.Equal("application/x-tar", treeCopy.Content.Headers.ContentType?.MediaType);
        var entries = new Dictionary<string, string>();
        using (var reader = new TarReader(await treeCopy.Content.ReadAsStreamAsync(ct)))
        {
            while (await reader.GetNextEntryAsync(copyData: true, ct) is { } entry)
            {
                if (entry.DataStream is { } data)
                {
                    entries[entry.Name] = await new StreamReader(data).ReadToEndAsync(ct);
                }
            }
        }

        Assert.Equal(new Dictionary<string, string> { ["a.txt"] = "alpha", ["sub/b.txt"] = "beta" }, entries);
    }

    [Fact]
    public async Task Cancel_LongRun_StopsTheRunningStepAndSkipsTheRest()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        var id = await ApiCalls.StartAsync(this.Client, "name: long\nsteps:\n  wait:\n    run: echo waiting; sleep 120\n    produces: [done]\n  after:\n    run: [true]\n    consumes: [done]\n", ct);
        while ((await ApiCalls.GetRunAsync(this.Client, id, ct)).GetProperty("steps").GetArrayLength() == 0)
        {
            await Task.Delay(100, ct);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cancel = await this.Client.PostAsync($"api/runs/{id}/cancel?reason=changed+my+mind", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await ApiCalls.WaitForEndAsync(this.Client, id, ct);

        Assert.Equal("Cancelled", run.GetProperty("state").GetString());
        Assert.Equal("changed my mind", run.GetProperty("error").GetString());
        var steps = run.GetProperty("result").GetProperty("steps");
        Assert.Equal("Cancelled", steps[0].GetProperty("state").GetString());
        Assert.Equal("Skipped", steps[1].GetProperty("state").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the run took {clock.Elapsed} to stop");
        Assert.Contains("cancelled", await this.Client.GetStringAsync($"api/runs/{id}/steps/wait/log", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RunningRunWithAStepWithoutRun_ShowsThatStepSucceededFromItsProductRef()
    {
        // A step without run writes its product's ref and no record (issue 16): the API reads its state from the ref.
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        using var markers = new StepMarkers();
        var id = await ApiCalls.StartAsync(
            this.Client, $"name: live-marker\nsteps:\n  mark:\n    produces: [ready]\n  wait:\n    run: \"{markers.WaitForRelease()}\"\n    consumes: [ready]\n", ct);
        try
        {
            JsonElement run;
            while (StateOf(run = await ApiCalls.GetRunAsync(this.Client, id, ct), "wait") != "Running")
            {
                await Task.Delay(100, ct);
            }

            Assert.Equal("Running", run.GetProperty("state").GetString());
            Assert.Equal("Succeeded", StateOf(run, "mark"));
            Assert.Equal(1, run.GetProperty("counts").GetProperty("Succeeded").GetInt32());
            using var step = JsonDocument.Parse(await this.Client.GetStringAsync($"api/runs/{id}/steps/mark", ct));
            var record = step.RootElement.GetProperty("record");
            Assert.Equal("Succeeded", record.GetProperty("state").GetString());
            Assert.Equal("ready", record.GetProperty("products")[0].GetProperty("name").GetString());
            var log = await this.Client.GetAsync($"api/runs/{id}/steps/mark/log", ct);
            Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
            Assert.Contains("it has no run", await log.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        finally
        {
            markers.Release();
        }

        Assert.Equal("Succeeded", (await ApiCalls.WaitForEndAsync(this.Client, id, ct)).GetProperty("state").GetString());

        static string? StateOf(JsonElement run, string step) =>
            run.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("step").GetString() == step).Select(s => s.GetProperty("state").GetString()).FirstOrDefault();
    }

    [Fact]
    public async Task List_AfterSubmitting_ShowsTheRunsNewestFirst()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        var first = await ApiCalls.StartAsync(this.Client, "name: listed\nsteps:\n  a: { run: [true] }\n", ct);
        await Task.Delay(1100, ct);
        var second = await ApiCalls.StartAsync(this.Client, "name: listed\nsteps:\n  a: { run: [true] }\n", ct);
        await ApiCalls.WaitForEndAsync(this.Client, first, ct);
        await ApiCalls.WaitForEndAsync(this.Client, second, ct);

        var list = await this.Client.GetAsync("api/runs?limit=1000", ct);
        var text = await list.Content.ReadAsStringAsync(ct);
        Assert.True(list.IsSuccessStatusCode, text);
        var runs = System.Text.Json.JsonDocument.Parse(text).RootElement;

        var ids = runs.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(second) >= 0 && ids.IndexOf(second) < ids.IndexOf(first), $"expected {second} before {first} in {string.Join(", ", ids)}");
        var listed = runs.EnumerateArray().First(r => r.GetProperty("id").GetString() == first);
        Assert.Equal("listed", listed.GetProperty("graph").GetString());
        Assert.Equal("Succeeded", listed.GetProperty("state").GetString());
        Assert.Equal(1, listed.GetProperty("counts").GetProperty("Succeeded").GetInt32());

        var failedOnly = await this.Client.GetAsync("api/runs?limit=1000&state=Failed", ct);
        var failed = System.Text.Json.JsonDocument.Parse(await failedOnly.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.All(failed.EnumerateArray(), r => Assert.Equal("Failed", r.GetProperty("state").GetString()));
        Assert.DoesNotContain(failed.EnumerateArray(), r => r.GetProperty("id").GetString() == first);
    }

    [Fact]
    public async Task Rerun_FailedRun_RunsOnlyTheFailedStepAndReusesTheRest()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(90));
        var flag = Path.Combine(Path.GetTempPath(), "bazaar-rerun-" + Guid.NewGuid().ToString("N"));
        var id = await ApiCalls.StartAsync(this.Client, $"name: again\nsteps:\n  first:\n    run: echo 1 > out\n    produces: {{ p: out }}\n  second:\n    run: test -e {flag} && cat p > out\n    consumes: [p]\n    produces: {{ q: out }}\n", ct);
        Assert.Equal("Failed", (await ApiCalls.WaitForEndAsync(this.Client, id, ct)).GetProperty("state").GetString());
        File.WriteAllText(flag, string.Empty);

        try
        {
            var response = await this.Client.PostAsync($"api/runs/{id}/rerun", null, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
            var rerunId = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
            Assert.Equal(new Uri(this.Client.BaseAddress!, $"api/runs/{rerunId}"), response.Headers.Location);

            var rerun = await ApiCalls.WaitForEndAsync(this.Client, rerunId, ct);

            Assert.Equal("Succeeded", rerun.GetProperty("state").GetString());
            var steps = rerun.GetProperty("result").GetProperty("steps");
            Assert.Equal(("Reused", "skip-if-redundant"), (steps[0].GetProperty("state").GetString(), steps[0].GetProperty("behavior").GetString()));
            Assert.Equal("Succeeded", steps[1].GetProperty("state").GetString());
            Assert.Equal("1\n", await this.Client.GetStringAsync($"api/runs/{rerunId}/products/q", ct));
        }
        finally
        {
            File.Delete(flag);
        }
    }

    private static byte[] Tar(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        return buffer.ToArray();
    }
}
