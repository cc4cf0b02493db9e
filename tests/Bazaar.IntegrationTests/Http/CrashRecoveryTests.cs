using System.Net;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bazaar.Hosting;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.IntegrationTests.Http;

/// <summary>
/// A run survives its host being killed (SIGKILL, no shutdown), its storage restarting, and one of two
/// hosts dying: the run finishes, steps whose activity completed do not run again, products keep their digests.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class CrashRecoveryTests(ServeFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Serve_KilledMidStepAndStartedAgain_FinishesTheRunWithoutRerunningCompletedSteps()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(180));
        using var markers = new StepMarkers();
        var hub = "crash" + Guid.NewGuid().ToString("N")[..8];
        string id;
        await using (var doomed = await ServeProcess.StartAsync(fixture.Storage, hub))
        {
            using var client = doomed.CreateClient();
            id = await StartAsync(client, markers, ct);
            await markers.WaitForAsync("slow", "start", 1, ct);
            await doomed.KillAsync();
        }

        markers.Release();
        var watch = Stopwatch.StartNew();
        await using var restarted = await ServeProcess.StartAsync(fixture.Storage, hub);
        using var again = restarted.CreateClient();
        var run = await ApiCalls.WaitForEndAsync(again, id, ct);
        output.WriteLine($"the restarted host finished the run {watch.Elapsed.TotalSeconds:F1} s after it started");

        Assert.True(run.GetProperty("state").GetString() == "Succeeded", run.ToString());
        Assert.Equal(1, markers.Count("first"));
        Assert.Equal(2, markers.Count("slow", "start")); // running when the host died: at least once, so again
        Assert.Equal(1, markers.Count("last"));
        await AssertDigestsMatchAsync(again, id, ["a", "b", "c"], ct);
    }

    [Fact]
    public async Task TwoServeProcesses_TheOneRunningAStepKilled_TheOtherFinishesTheRun()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(180));
        using var markers = new StepMarkers();
        var hub = "twok" + Guid.NewGuid().ToString("N")[..8];
        var first = await ServeProcess.StartAsync(fixture.Storage, hub);
        var second = await ServeProcess.StartAsync(fixture.Storage, hub);
        await using (first)
        await using (second)
        {
            using var one = first.CreateClient();
            using var two = second.CreateClient();
            var id = await StartAsync(one, markers, ct);
            await markers.WaitForAsync("slow", "start", 1, ct);
            var ranBy = int.Parse(File.ReadAllLines(Path.Combine(markers.Path, "slow-pid"))[0], System.Globalization.CultureInfo.InvariantCulture);
            var (victim, survivor) = ranBy == first.ProcessId ? (first, two) : (second, one);
            Assert.Contains(ranBy, new[] { first.ProcessId, second.ProcessId });
            await victim.KillAsync();
            markers.Release();

            var watch = Stopwatch.StartNew();
            var run = await ApiCalls.WaitForEndAsync(survivor, id, ct);
            output.WriteLine($"the surviving host finished the run {watch.Elapsed.TotalSeconds:F1} s after the other was killed");

            Assert.True(run.GetProperty("state").GetString() == "Succeeded", run.ToString());
            Assert.Equal(1, markers.Count("first"));
            Assert.Equal(2, markers.Count("slow", "start"));
            Assert.Equal(1, markers.Count("last"));
            await AssertDigestsMatchAsync(survivor, id, ["a", "b", "c"], ct);
        }
    }

    [Fact]
    public async Task Azurite_RestartedWhileAStepRunsAndWrites_TheRunFinishesWithEveryProduct()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(180));
        using var markers = new StepMarkers();
        using var data = new TempDirectory();
        var azurite = await AzuriteProcess.StartAsync(dataDirectory: data.Path, cancellationToken: ct);
        var (blob, queue, table) = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        try
        {
            await using var serve = await ServeProcess.StartAsync(azurite.ConnectionString, "azr" + Guid.NewGuid().ToString("N")[..8]);
            using var client = serve.CreateClient();
            var id = await StartAsync(client, markers, ct);
            await markers.WaitForAsync("slow", "start", 1, ct);

            // Storage goes away while the step runs, and the step ends (and stores its product) while it is down.
            await StopGracefullyAsync(azurite, ct);

            // Meanwhile the API says storage is out, in plain words, as a 503 a client may retry.
            using (var down = await client.GetAsync($"api/runs/{id}", ct))
            {
                var problem = await down.Content.ReadAsStringAsync(ct);
                Assert.True(down.StatusCode == HttpStatusCode.ServiceUnavailable, $"{down.StatusCode}: {problem}");
                Assert.Contains("could not reach its storage or task hub", problem, StringComparison.Ordinal);
            }

            markers.Release();
            await markers.WaitForAsync("slow", "end", 1, ct);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            azurite = await AzuriteProcess.StartAsync(blob, queue, table, data.Path, cancellationToken: ct);

            var run = await ApiCalls.WaitForEndAsync(client, id, ct);

            Assert.True(run.GetProperty("state").GetString() == "Succeeded", run.ToString() + "\n" + serve.Output);
            Assert.Equal(1, markers.Count("first"));
            Assert.Equal(1, markers.Count("last"));
            await AssertDigestsMatchAsync(client, id, ["a", "b", "c"], ct);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>
    /// Stops Azurite gracefully, as a restart does: Azurite's local store only reaches its files on
    /// a clean stop, and a SIGKILL would lose acknowledged writes no real storage account loses.
    /// </summary>
    private static async Task StopGracefullyAsync(AzuriteProcess azurite, CancellationToken ct)
    {
        Assert.Equal(ProcessStopOutcome.Exited, await azurite.StopAsync().WaitAsync(ct));
        await azurite.DisposeAsync();
    }

    /// <summary>first → slow (waits for the release file) → last; each marks its runs, slow also who ran it.</summary>
    private static async Task<string> StartAsync(HttpClient client, StepMarkers markers, CancellationToken ct)
    {
        var pid = Path.Combine(markers.Path, "slow-pid");
        var graph = new
        {
            name = "crash",
            steps = new Dictionary<string, object>
            {
                ["first"] = new { run = $"{markers.Mark("first")}; echo one > a.txt", produces = new { a = "a.txt" } },
                ["slow"] = new
                {
                    run = $"echo $PPID >> '{pid}'; {markers.Mark("slow", "start")}; {markers.WaitForRelease()}; head -c 300000 /dev/urandom > b.bin; cat a b.bin > b.txt; {markers.Mark("slow", "end")}",
                    consumes = new[] { "a" },
                    produces = new { b = "b.txt" },
                },
                ["last"] = new { run = $"{markers.Mark("last")}; cat b > c.txt; echo two >> c.txt", consumes = new[] { "b" }, produces = new { c = "c.txt" } },
            },
        };
        using var content = new StringContent(JsonSerializer.Serialize(graph), Encoding.UTF8, "application/json");
        return await ApiCalls.StartAsync(client, content, ct);
    }

    private static async Task AssertDigestsMatchAsync(HttpClient client, string id, string[] products, CancellationToken ct)
    {
        foreach (var name in products)
        {
            using var response = await client.GetAsync($"api/runs/{id}/products/{name}", ct);
            Assert.True(response.IsSuccessStatusCode, $"product {name}: {(int)response.StatusCode}");
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var digest = Assert.Single(response.Headers.GetValues("X-Bazaar-Digest"));
            Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), digest);
        }
    }
}
