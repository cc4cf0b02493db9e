using Bazaar.Testing;
using Microsoft.Playwright;

namespace Bazaar.Browser.Tests;

/// <summary>
/// Issue 20's fallback: where something between the browser and the server refuses the event stream (a 502) or
/// keeps cutting it before it delivers anything, the page turns to long polls and the run still moves live.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class LiveFallbackTests(ServeFixture serve)
{
    public static string? MissingBackend => ServeFixture.MissingBackend;

    [BackendTheory]
    [InlineData(502)]
    [InlineData(200)] // answered, then cut at once: an empty stream
    public async Task EventStreamRefusedOrCutShort_PageFallsBackToLongPolls_StepsStillMoveLive(int status)
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(150));
        var flag = Path.Combine(serve.Home, $"go-{Guid.NewGuid():N}");
        var id = await serve.SubmitAsync($$"""
            name: fallback
            steps:
              gate: { run: 'while [ ! -e {{flag}} ]; do sleep 0.2; done; echo done > out', produces: { opened: out } }
            """, ct);
        var page = await serve.SignedInPageAsync(ct);
        var streams = 0;
        var polls = 0;
        await page.RouteAsync(url => url.Contains($"/api/runs/{id}/events", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Url.Contains("poll=1", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref polls);
                await route.ContinueAsync();
                return;
            }

            Interlocked.Increment(ref streams);
            await route.FulfillAsync(new RouteFulfillOptions { Status = status, ContentType = status == 200 ? "text/event-stream" : "text/plain", Body = status == 200 ? string.Empty : "Bad Gateway" });
        });

        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'poll'", null, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#legend li[data-state=Running] .count")).ToHaveTextAsync(" 1", new() { Timeout = 60_000 });
        await File.WriteAllTextAsync(flag, "go", ct);

        await Assertions.Expect(page.Locator("#legend li[data-state=Succeeded] .count")).ToHaveTextAsync(" 1", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("Succeeded");
        Assert.Equal((0, 128, 0), await UiTests.ColourOfAsync(page, "gate"));
        // A refusal is not retried as a stream; an empty stream is, a few times, before polls take over.
        Assert.Equal(status == 502 ? 1 : 3, Volatile.Read(ref streams));
        Assert.True(Volatile.Read(ref polls) >= 1);
    }
}
