using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.IntegrationTests.Http;

/// <summary>
/// Many runs submitted at once to one <c>bazaar serve</c>: all complete, none is lost, no step runs
/// twice. A benchmark, not a timed test: the figures go to the test output, nothing asserts on them.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class LoadTests(ServeFixture fixture, ITestOutputHelper output)
{
    private const int Runs = 50;
    private const int StepsPerRun = 20;

    [Fact]
    public async Task Submit_FiftyRunsOfTwentyStepsAtOnce_AllSucceedAndEveryStepRunsExactlyOnce()
    {
        // A hang guard, not a timing assertion: next to the rest of the suite on two cores this took 4 minutes.
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(480));
        using var markers = new StepMarkers();
        await using var serve = await ServeProcess.StartAsync(fixture.Storage, "load" + Guid.NewGuid().ToString("N")[..8]);
        using var client = serve.CreateClient();
        var graph = Graph(Path.Combine(markers.Path, "ran"));

        var watch = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, Runs).Select(async _ =>
        {
            using var content = new StringContent(graph, Encoding.UTF8, "application/json");
            return await ApiCalls.StartAsync(client, content, ct);
        }));
        var submitted = watch.Elapsed;

        var runs = new List<JsonElement>();
        foreach (var id in ids)
        {
            runs.Add(await ApiCalls.WaitForEndAsync(client, id, ct));
        }

        var total = watch.Elapsed;
        Assert.All(runs, r => Assert.True(r.GetProperty("state").GetString() == "Succeeded", r.ToString()));
        var executions = File.ReadAllLines(Path.Combine(markers.Path, "ran"));
        var twice = executions.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"ran more than once: {string.Join(", ", twice.Take(10))}");
        Assert.Equal(Runs * StepsPerRun, executions.Length);
        Assert.Equal(ids.Order(), executions.Select(e => e.Split('/')[0]).Distinct().Order());

        var latencies = runs
            .Select(r => (r.GetProperty("result").GetProperty("endedAt").GetDateTimeOffset() - r.GetProperty("createdAt").GetDateTimeOffset()).TotalSeconds)
            .Order()
            .ToArray();
        output.WriteLine($"{Runs} runs x {StepsPerRun} steps on one serve process: submitted in {submitted.TotalSeconds:F1} s, all ended after {total.TotalSeconds:F1} s");
        output.WriteLine($"throughput: {Runs * StepsPerRun / total.TotalSeconds:F1} steps/s, {Runs / total.TotalSeconds:F2} runs/s");
        output.WriteLine($"latency submit->end: p50 {Percentile(latencies, 0.50):F1} s, p95 {Percentile(latencies, 0.95):F1} s, max {latencies[^1]:F1} s");
    }

    /// <summary>A fan-out and fan-in: one step, eighteen that consume its product, one that consumes all theirs.</summary>
    private static string Graph(string marker)
    {
        string Mark(string step) => $"echo \"$BAZAAR_RUN_ID/{step}\" >> '{marker}'";
        var steps = new Dictionary<string, object>
        {
            ["s00"] = new { run = $"{Mark("s00")}; echo 0 > out", produces = new Dictionary<string, string> { ["p00"] = "out" } },
        };
        var middle = Enumerable.Range(1, StepsPerRun - 2).Select(i => $"s{i:D2}").ToList();
        foreach (var step in middle)
        {
            steps[step] = new { run = $"{Mark(step)}; cat p00 > out", consumes = new[] { "p00" }, produces = new Dictionary<string, string> { ["p" + step[1..]] = "out" } };
        }

        steps[$"s{StepsPerRun - 1:D2}"] = new { run = Mark($"s{StepsPerRun - 1:D2}"), consumes = middle.Select(s => "p" + s[1..]).ToArray() };
        return JsonSerializer.Serialize(new { name = "load", steps });
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}
