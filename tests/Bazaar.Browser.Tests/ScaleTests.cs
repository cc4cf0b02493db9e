using System.Diagnostics;
using System.Text.Json;
using Bazaar.Testing;
using Microsoft.Playwright;

namespace Bazaar.Browser.Tests;

/// <summary>
/// Issue 20's scale target in a real browser: a run of 10,000 steps (about 14,000 edges, a fan-out of 2,000) painted
/// in colour and kept live, searched, highlighted and filtered, with the figures the issue names measured and
/// recorded (not asserted as timings): server layout, time to a coloured graph, pan/zoom frames, batch sizes, heap.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ScaleTests(ServeFixture serve)
{
    public static string? MissingBackend => ServeFixture.MissingBackend;

    [BackendFact]
    public async Task TenThousandSteps_PaintedInColour_SearchHighlightAndFailedOnly_ThenLiveWithAThousandsStrongBatch_FiguresRecorded()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(500));
        var yaml = LargeGraphs.ToYaml(LargeGraphs.Build());

        // First a run stopped at once, so the figures of the page itself are taken on a machine not also running 10,000 steps.
        var idle = await serve.SubmitAsync(yaml, ct);
        await serve.Http.PostAsync($"api/runs/{idle}/cancel", null, ct);
        await serve.WaitForEndAsync(idle, ct);
        var clock = Stopwatch.StartNew();
        var layout = await serve.Http.GetAsync($"api/runs/{idle}/layout", ct);
        clock.Stop();
        Assert.True(layout.IsSuccessStatusCode);
        var timing = string.Join(",", layout.Headers.GetValues("Server-Timing"));
        var computed = double.Parse(timing.Split("layout;dur=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Measurements.Record("server layout, 10,000 steps, cold (ms, Server-Timing)", computed);
        Measurements.Record("layout route, first request, reading the run's graph included (ms)", clock.Elapsed.TotalMilliseconds);

        var page = await serve.SignedInPageAsync(ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{idle}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'", null, new() { Timeout = 60_000 });
        Measurements.Record("graph painted and coloured after navigation (ms, layout cached)", await page.EvaluateAsync<double>("() => window.__bazaar.painted"));

        // Far out, every step is a block of its state's colour; the legend counts all 10,000.
        var legendTotal = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('#legend .count')].reduce((a, c) => a + Number(c.textContent), 0)");
        Assert.Equal(10_000, legendTotal);
        Assert.Equal("blocks", await page.GetAttributeAsync("canvas.graph", "data-detail"));
        var coloured = await ColouredPixelsAsync(page);
        Assert.True(coloured > 10_000, $"only {coloured} pixels of state colours on the fitted graph");

        var frames = await PanAndZoomAsync(page);
        Assert.True(frames.Length >= 20, $"only {frames.Length} frames drawn while panning and zooming");
        Measurements.Record("pan/zoom frame p95 (ms, drawing time)", frames[(int)Math.Floor(frames.Length * 0.95)]);
        Measurements.Record("pan/zoom frame max (ms)", frames[^1]);

        // Search jumps to a step, close enough to read names, and selects it in the table too.
        await page.FillAsync("#step-search", "s05000");
        await page.PressAsync("#step-search", "Enter");
        await Assertions.Expect(page.Locator("#step-panel h2")).ToHaveTextAsync("s05000");
        Assert.Equal("labels", await page.GetAttributeAsync("canvas.graph", "data-detail"));
        Assert.Equal("s05000", await page.EvaluateAsync<string>("() => window.__bazaar.selected()"));
        await Assertions.Expect(page.Locator("#step-table tr[aria-selected=true]")).ToHaveAttributeAsync("data-step", "s05000");

        // Highlighting fades every step but the selected one's upstream and downstream.
        await page.ClickAsync("#fit");
        var before = await ColouredPixelsAsync(page);
        await page.CheckAsync("#highlight");
        await page.WaitForTimeoutAsync(200);
        var highlighted = await ColouredPixelsAsync(page);
        Assert.True(highlighted < before / 2, $"highlighting left {highlighted} of {before} coloured pixels at full strength");

        // Failed-only: nothing failed in this run (it was cancelled), so nothing is drawn.
        await page.UncheckAsync("#highlight");
        await page.CheckAsync("#failed-only");
        await page.WaitForTimeoutAsync(200);
        Assert.Equal(0, await ColouredPixelsAsync(page));
        await page.UncheckAsync("#failed-only");

        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        var metrics = (await cdp.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics").EnumerateArray();
        var heap = metrics.First(m => m.GetProperty("name").GetString() == "JSHeapUsedSize").GetProperty("value").GetDouble();
        Measurements.Record("page JS heap used (MB)", heap / (1 << 20));

        // Then live: a second run of the graph while it runs, cancelled from the page, which skips thousands of steps at once.
        var live = await serve.SubmitAsync(yaml, ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{live}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'", null, new() { Timeout = 60_000 });
        Measurements.Record("graph painted after navigation while its 10,000 steps run (ms)", await page.EvaluateAsync<double>("() => window.__bazaar.painted"));
        await page.WaitForFunctionAsync("() => window.__bazaar.applied.length >= 4", null, new() { Timeout = 120_000 });
        var underLoad = await PanAndZoomAsync(page);
        Measurements.Record("pan/zoom frame p95 while the run executes on the same 2 cores (ms)", underLoad[(int)Math.Floor(underLoad.Length * 0.95)]);
        await page.ClickAsync("#cancel");
        await page.WaitForFunctionAsync("() => document.body.dataset.ended === '1'", null, new() { Timeout = 120_000 });

        var skipped = int.Parse((await page.TextContentAsync("#legend li[data-state=Skipped] .count"))!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(skipped > 1_000, $"cancelling early should skip thousands of steps, the legend says {skipped}");
        var applied = (await page.EvaluateAsync<JsonElement>("() => window.__bazaar.applied")).EnumerateArray().ToList();
        var biggest = applied.Where(a => a.TryGetProperty("frame", out _)).MaxBy(a => a.GetProperty("steps").GetInt32());
        Assert.True(biggest.GetProperty("steps").GetInt32() >= 1_000, "no batch of 1,000 changes or more reached the page");
        Measurements.Record("largest batch of state changes applied at once (steps)", biggest.GetProperty("steps").GetInt32());
        Measurements.Record("time to apply that batch and queue its frame (ms)", biggest.GetProperty("frame").GetDouble());
        var lastFrames = await page.EvaluateAsync<double[]>("() => window.__bazaar.frames.slice(-5)");
        Measurements.Record("slowest of the last 5 frames, after that batch (ms)", lastFrames.Max());
    }

    private static async Task<double[]> PanAndZoomAsync(IPage page)
    {
        await page.EvaluateAsync("() => { window.__bazaar.frames.length = 0; }");
        var box = (await page.Locator("canvas.graph").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        for (var k = 0; k < 25; k++)
        {
            await page.Mouse.WheelAsync(0, -120);
            await page.WaitForTimeoutAsync(16);
        }

        await page.Mouse.DownAsync();
        for (var k = 0; k < 40; k++)
        {
            await page.Mouse.MoveAsync(box.X + (box.Width / 2) + (k * 8), box.Y + (box.Height / 2) + (k * 3));
            await page.WaitForTimeoutAsync(16);
        }

        await page.Mouse.UpAsync();
        for (var k = 0; k < 25; k++)
        {
            await page.Mouse.WheelAsync(0, 120);
            await page.WaitForTimeoutAsync(16);
        }

        return (await page.EvaluateAsync<double[]>("() => window.__bazaar.frames.slice()")).Order().ToArray();
    }

    /// <summary>Counts the graph canvas's pixels drawn at full strength in one of the state colours.</summary>
    private static Task<int> ColouredPixelsAsync(IPage page) => page.EvaluateAsync<int>(
        """
        () => {
          const canvas = document.querySelector('canvas.graph');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          const colours = [[128,128,128],[255,255,0],[0,255,255],[0,128,0],[255,0,0],[255,165,0],[238,130,238],[165,42,42],[143,188,143]];
          let n = 0;
          for (let p = 0; p < data.length; p += 4) {
            for (const c of colours) { if (data[p] === c[0] && data[p+1] === c[1] && data[p+2] === c[2]) { n++; break; } }
          }
          return n;
        }
        """);
}
