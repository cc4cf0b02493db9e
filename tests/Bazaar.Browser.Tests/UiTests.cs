using System.Text.Json;
using Bazaar.Testing;
using Microsoft.Playwright;

namespace Bazaar.Browser.Tests;

/// <summary>
/// Issue 20 in a real browser against a real <c>bazaar serve</c>: what a person sees on the runs list and a run's
/// page: the graph coloured by state and changing live, the step table and its keyboard, the step panel and its
/// log's tail, cancel and rerun with the API's refusals, deep links, and the cookie and CSP.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class UiTests(ServeFixture serve)
{
    public static string? MissingBackend => ServeFixture.MissingBackend;

    [BackendFact]
    public async Task FirstVisitWithToken_CookieIsHttpOnlyStrict_TokenLeavesTheAddress_PageUnderCsp()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        var page = await serve.SignedInPageAsync(ct);

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "bazaar_token");
        var answer = await page.Context.APIRequest.GetAsync(new Uri(serve.Address, "ui/").ToString());
        using var anonymous = new HttpClient { BaseAddress = serve.Address };
        var refused = await anonymous.GetAsync("ui/", ct);

        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.EndsWith("/ui/", page.Url, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", answer.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal(401, (int)refused.StatusCode);
        await page.Locator("h1", new() { HasText = "Runs" }).WaitForAsync();
        var errors = ServeFixture.Errors.TryGetValue(page, out var logged) ? logged : [];
        Assert.True(errors.Count == 0, "the page logged errors (a CSP violation is one): " + string.Join("\n", errors));
    }

    [BackendFact]
    public async Task RunsList_ShowsTheRunWithItsStateAndCountBar_FilterKeepsOnlyThatState()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        var ok = await serve.SubmitAsync("name: listed-ok\nsteps:\n  a: { run: 'true', produces: [] }\n", ct);
        var bad = await serve.SubmitAsync("name: listed-bad\nsteps:\n  b: { run: 'exit 3' }\n", ct);
        await serve.WaitForEndAsync(ok, ct);
        await serve.WaitForEndAsync(bad, ct);
        var page = await serve.SignedInPageAsync(ct);

        var okRow = page.Locator("#runs tbody tr", new() { HasText = ok });
        await Assertions.Expect(okRow).ToContainTextAsync("Succeeded");
        await Assertions.Expect(okRow.Locator(".bar .part[data-state=Succeeded]")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#state-filter", "Failed");

        await Assertions.Expect(page.Locator("#runs tbody tr", new() { HasText = bad })).ToContainTextAsync("Failed");
        await Assertions.Expect(page.Locator("#runs tbody tr", new() { HasText = ok })).ToHaveCountAsync(0);
        Assert.Contains("state=Failed", page.Url, StringComparison.Ordinal);
    }

    [BackendTheory]
    [InlineData("")]
    [InlineData("?live=poll")]
    public async Task RunPage_StepsMoveLive_TheirColourAndTheLegendFollow(string query)
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(150));
        var flag = Path.Combine(serve.Home, $"go-{Guid.NewGuid():N}");
        var id = await serve.SubmitAsync($$"""
            name: live
            steps:
              gate: { run: 'while [ ! -e {{flag}} ]; do sleep 0.2; done; echo done > out', produces: { opened: out } }
              after: { run: 'cat opened > out', consumes: [opened], produces: { passed: out } }
            """, ct);
        var page = await serve.SignedInPageAsync(ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}{query}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'");
        Assert.Equal(query.Length > 0 ? "poll" : "sse", await page.EvaluateAsync<string>("() => document.body.dataset.live"));
        await Assertions.Expect(page.Locator("#legend li[data-state=Running] .count")).ToHaveTextAsync(" 1");
        var runningColour = await ColourOfAsync(page, "gate");

        await File.WriteAllTextAsync(flag, "go", ct);
        var changedAt = DateTimeOffset.UtcNow;
        await Assertions.Expect(page.Locator("#legend li[data-state=Succeeded] .count")).ToHaveTextAsync(" 2", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.body.dataset.ended === '1'");
        var succeededColour = await ColourOfAsync(page, "gate");
        var run = await serve.RunAsync(id, ct);
        var ended = run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("endedAt").GetDateTimeOffset()).Max();
        var applied = (await page.EvaluateAsync<JsonElement>("() => window.__bazaar.applied")).EnumerateArray()
            .Select(a => DateTimeOffset.FromUnixTimeMilliseconds((long)a.GetProperty("at").GetDouble())).ToList();

        Assert.Equal((0, 255, 255), runningColour); // aqua, as in the DOT view
        Assert.Equal((0, 128, 0), succeededColour); // green
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("Succeeded");
        var lag = applied.Where(a => a >= ended).DefaultIfEmpty(DateTimeOffset.MaxValue).Min() - ended;
        Measurements.Record($"state change on screen after it happened (small run, {(query.Length > 0 ? "long polls" : "SSE")}, s)", lag.TotalSeconds);
        Assert.True(lag < TimeSpan.FromSeconds(10), $"the last change reached the page {lag} after it happened (changed at {changedAt:O})");
    }

    [BackendFact]
    public async Task StepTable_Keyboard_MovesTheSelectionTheGraphFollows_EnterOpensTheStepWithItsLogTail()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(150));
        var id = await serve.SubmitAsync("""
            name: keys
            steps:
              alpha: { run: 'echo a > out', produces: { pa: out } }
              bravo: { run: 'seq 1 200000 | sed "s/^/line /"; echo the-last-line', consumes: [pa] }
              charlie: { run: 'true', consumes: [pa] }
            """, ct);
        await serve.WaitForEndAsync(id, ct);
        var page = await serve.SignedInPageAsync(ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'");

        await page.FocusAsync("#step-table");
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#step-table tr[aria-selected=true]")).ToHaveAttributeAsync("data-step", "bravo");
        Assert.Equal("bravo", await page.EvaluateAsync<string>("() => window.__bazaar.selected()"));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#step-panel h2")).ToHaveTextAsync("bravo");
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("the-last-line");
        var start = long.Parse(await page.GetAttributeAsync("#log", "data-start") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(start > 0, "the log's tail is read first, not the whole 2.6 MB");
        Assert.DoesNotContain("line 1\n", await page.TextContentAsync("#log") ?? string.Empty, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#log-earlier")).ToBeVisibleAsync();
        Assert.Contains("step=bravo", page.Url, StringComparison.Ordinal);

        var consumed = page.Locator("#step-panel .products", new() { HasText = "Consumes" }).Locator("tr", new() { HasText = "pa" });
        await Assertions.Expect(consumed.Locator(".digest")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^sha256:[0-9a-f]{64}$"));
        await Assertions.Expect(consumed).ToContainTextAsync("2 B");
        var product = await page.Context.APIRequest.GetAsync(new Uri(serve.Address, (await consumed.Locator("a").GetAttributeAsync("href"))!.TrimStart('/')).ToString());
        Assert.Equal("a\n", await product.TextAsync());

        await page.FillAsync("#log-search", "line 199999");
        await page.PressAsync("#log-search", "Enter");
        await Assertions.Expect(page.Locator("#log mark.current")).ToHaveTextAsync("line 199999");
        Assert.Contains("download=1", await page.GetAttributeAsync("#log-download", "href") ?? string.Empty, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task RunningStepsLog_FollowsAsItGrows_WaterfallShowsTheStartedSteps()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(150));
        var flag = Path.Combine(serve.Home, $"stop-{Guid.NewGuid():N}");
        var id = await serve.SubmitAsync($$"""
            name: talker
            steps:
              first: { run: 'echo ready > out', produces: { r: out } }
              talk: { run: 'i=0; while [ ! -e {{flag}} ]; do i=$((i+1)); echo tick $i; sleep 0.3; done; echo stopped', consumes: [r] }
            """, ct);
        var page = await serve.SignedInPageAsync(ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}?step=talk").ToString());
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("tick 2", new() { Timeout = 60_000 });
        var seen = await page.TextContentAsync("#log") ?? string.Empty;

        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("tick 12", new() { Timeout = 60_000 });
        await File.WriteAllTextAsync(flag, "stop", ct);
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("stopped", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#step-panel .facts dd").First).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
        await page.CheckAsync("#show-waterfall");

        Assert.DoesNotContain("tick 12", seen, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#waterfall")).ToHaveAttributeAsync("data-rows", "2");
    }

    [BackendFact]
    public async Task DeepLink_ToAStepAndAttempt_OpensItsPanelWithThatAttemptsLog()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        var id = await serve.SubmitAsync("""
            name: retried
            steps:
              flaky: { run: 'echo trying; exit 1', retry: { attempts: 2, backoff: 0s, on: any } }
            """, ct);
        var run = await serve.WaitForEndAsync(id, ct);
        var attempts = run.GetProperty("steps")[0].GetProperty("attempts").GetInt32();
        var page = await serve.SignedInPageAsync(ct);

        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}?step=flaky&attempt=1").ToString());

        await Assertions.Expect(page.Locator("#step-panel h2")).ToHaveTextAsync("flaky");
        await Assertions.Expect(page.Locator("#attempt")).ToHaveValueAsync("1");
        Assert.Equal(2, attempts);
        await Assertions.Expect(page.Locator("#step-error")).ToBeVisibleAsync();
        await page.SelectOptionAsync("#attempt", "2");
        Assert.Contains("attempt=2", page.Url, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task CancelThenCancelAgain_TheRefusalsProblemDetailIsShown_RerunOpensTheNewRun()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(150));
        var id = await serve.SubmitAsync("name: long\nsteps:\n  wait: { run: 'sleep 120' }\n", ct);
        var page = await serve.SignedInPageAsync(ct);
        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}").ToString());
        await Assertions.Expect(page.Locator("#legend li[data-state=Running] .count")).ToHaveTextAsync(" 1", new() { Timeout = 60_000 });

        await page.ClickAsync("#cancel");
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("Cancelled", new() { Timeout = 60_000 });
        await page.ClickAsync("#cancel");
        // Each answer is a round trip through the task hub; on a loaded machine it takes longer than an assertion's
        // default 5 s (the flake this test had), so each waits as long as the page's own timeout.
        await Assertions.Expect(page.Locator("#alert")).ToContainTextAsync("already ended", new() { Timeout = 60_000 });
        await page.ClickAsync("#rerun");

        await page.WaitForURLAsync(url => url.Contains("/ui/runs/", StringComparison.Ordinal) && !url.Contains(id, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".run-id")).Not.ToHaveTextAsync(id, new() { Timeout = 60_000 });
        var rerun = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await serve.Http.PostAsync($"api/runs/{rerun}/cancel", null, ct);
    }

    internal static async Task<(int R, int G, int B)> ColourOfAsync(IPage page, string step)
    {
        var rgb = await page.EvaluateAsync<int[]>(
            """
            (step) => {
              const at = window.__bazaar.where(step);
              const canvas = document.querySelector('canvas.graph');
              const d = window.devicePixelRatio || 1;
              // A little right of the box's left edge, where the name does not reach.
              const p = canvas.getContext('2d').getImageData(Math.round((at.x - 75) * d), Math.round(at.y * d), 1, 1).data;
              return [p[0], p[1], p[2]];
            }
            """, step);
        return (rgb[0], rgb[1], rgb[2]);
    }
}
