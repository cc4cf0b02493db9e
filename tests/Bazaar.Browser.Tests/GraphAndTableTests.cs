using System.Net.Http.Json;
using Bazaar.Testing;
using Microsoft.Playwright;

namespace Bazaar.Browser.Tests;

/// <summary>Issue 20's minimap and step table: a click on the minimap moves the view there; the table sorts by state,
/// duration and attempts, and Home and End select its first and last row in that order.</summary>
[Collection(ServeCollection.Name)]
public sealed class GraphAndTableTests(ServeFixture serve)
{
    private const string InView =
        "(s) => { const at = window.__bazaar.where(s); const c = document.querySelector('canvas.graph').getBoundingClientRect(); return at.x > 0 && at.y > 0 && at.x < c.width && at.y < c.height; }";

    public static string? MissingBackend => ServeFixture.MissingBackend;

    [BackendFact]
    public async Task MinimapClick_MovesTheViewThere_TheStepDrawnThereComesIntoView()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        var steps = string.Concat(Enumerable.Range(0, 300).Select(i => $"  s{i:D3}: {{ produces: [p{i:D3}] }}\n"));
        var id = await serve.SubmitAsync("name: wide\nsteps:\n" + steps, ct);
        await serve.WaitForEndAsync(id, ct);
        var page = await serve.SignedInPageAsync(ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'");
        await page.FocusAsync("canvas.graph");
        for (var k = 0; k < 8; k++)
        {
            await page.Keyboard.PressAsync("+");
        }

        var before = await InViewAsync(page, "s000");
        var box = (await page.Locator("canvas.minimap").BoundingBoxAsync())!;

        // The minimap draws the whole graph from its top-left corner; the first step is there.
        await page.Mouse.ClickAsync(box.X + 3, box.Y + 3);
        await page.WaitForFunctionAsync(InView, "s000");

        Assert.False(before, "zoomed in on the middle, the first step was out of view before the click");
        Assert.True(await InViewAsync(page, "s000"));
        // Green, the Succeeded colour, inside its box below its name: it is drawn there.
        var rgb = await page.EvaluateAsync<int[]>(
            "(s) => { const at = window.__bazaar.where(s); const d = window.devicePixelRatio || 1; const p = document.querySelector('canvas.graph').getContext('2d').getImageData(Math.round(at.x * d), Math.round((at.y + 9) * d), 1, 1).data; return [p[0], p[1], p[2]]; }",
            "s000");
        Assert.Equal([0, 128, 0], rgb);
    }

    [BackendFact]
    public async Task StepTable_SortsByStateDurationAndAttempts_HomeAndEndSelectTheFirstAndLastRow()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(150));
        var id = await serve.SubmitAsync("""
            name: sorted
            steps:
              slow: { run: 'sleep 8' }
              quick: { run: 'true' }
              flaky: { run: 'exit 1', retry: { attempts: 3, backoff: 0s, on: any }, produces: [f] }
              blocked: { run: 'true', consumes: [f] }
            """, ct);
        await serve.WaitForEndAsync(id, ct);
        var page = await serve.SignedInPageAsync(ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'");
        var states = (await serve.Http.GetFromJsonAsync<LayoutStates>($"api/runs/{id}/layout", ct))!.States;

        await page.ClickAsync("#step-table th[data-key=state] button");
        var byState = await RowsAsync(page, 1);
        await page.ClickAsync("#step-table th[data-key=duration] button");
        await page.ClickAsync("#step-table th[data-key=duration] button");
        var byDuration = await RowsAsync(page, 0);
        await page.ClickAsync("#step-table th[data-key=attempts] button");
        await page.ClickAsync("#step-table th[data-key=attempts] button");
        var byAttempts = await RowsAsync(page, 0);
        await page.FocusAsync("#step-table");
        await page.Keyboard.PressAsync("End");
        var last = await page.EvaluateAsync<string>("() => window.__bazaar.selected()");
        await page.Keyboard.PressAsync("Home");
        var first = await page.EvaluateAsync<string>("() => window.__bazaar.selected()");

        var stateOrder = byState.Select(s => Array.IndexOf(states, s)).ToList();
        Assert.DoesNotContain(-1, stateOrder);
        Assert.Equal(stateOrder.Order(), stateOrder);
        Assert.Equal("slow", byDuration[0]); // the longest first; the skipped step, which never ran, last
        Assert.Equal("blocked", byDuration[^1]);
        Assert.Equal("descending", await page.GetAttributeAsync("#step-table th[data-key=attempts]", "aria-sort"));
        Assert.Equal(["flaky", "slow", "quick", "blocked"], byAttempts);
        Assert.Equal("blocked", last);
        Assert.Equal("flaky", first);
        await Assertions.Expect(page.Locator("#step-table tr[aria-selected=true]")).ToHaveAttributeAsync("data-step", "flaky");
    }

    private static Task<bool> InViewAsync(IPage page, string step) => page.EvaluateAsync<bool>(InView, step);

    // The rows in the table's order: each row's name, or its state (the column's text without the swatch).
    private static async Task<string[]> RowsAsync(IPage page, int column)
    {
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"); // the table redraws on the next frame
        return await page.EvaluateAsync<string[]>(
            "(c) => [...document.querySelectorAll('#step-table tbody tr')].map(r => c === 0 ? r.dataset.step : r.children[c].textContent.trim())", column);
    }

    private sealed record LayoutStates(string[] States);
}
