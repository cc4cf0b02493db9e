using Bazaar.Testing;
using Microsoft.Playwright;

namespace Bazaar.Browser.Tests;

/// <summary>
/// Issue 20 on the Function App: its own UI functions serve the page through a front end that checks the function key
/// on every API request as the Functions host does. The page takes the key from <c>?code=</c> once, keeps it out of
/// the address, and sends it on every call, the live events among them.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class FunctionAppPageTests(ServeFixture serve)
{
    public static string? MissingBackend => ServeFixture.MissingBackend;

    [BackendFact]
    public async Task PageOpenedWithTheKey_KeyLeavesTheAddress_EveryApiCallCarriesIt_TheRunMovesLive()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(150));
        await using var app = await FunctionAppFrontEnd.StartAsync(serve, ct);
        var flag = Path.Combine(serve.Home, $"go-{Guid.NewGuid():N}");
        var id = await serve.SubmitAsync($$"""
            name: on-functions
            steps:
              gate: { run: 'while [ ! -e {{flag}} ]; do sleep 0.2; done; echo through the front end > out', produces: { opened: out } }
            """, ct);
        var page = await serve.NewPageAsync();

        await page.GotoAsync(new Uri(app.Address, $"?code={FunctionAppFrontEnd.Key}").ToString());
        var row = page.Locator("#runs tbody tr", new() { HasText = id });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.EndsWith("/ui/", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("code", page.Url, StringComparison.Ordinal);
        Assert.Equal(FunctionAppFrontEnd.Key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('bazaar.key')"));
        await row.Locator("a").ClickAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'");
        await Assertions.Expect(page.Locator("#legend li[data-state=Running] .count")).ToHaveTextAsync(" 1", new() { Timeout = 60_000 });
        await File.WriteAllTextAsync(flag, "go", ct);

        await Assertions.Expect(page.Locator("#legend li[data-state=Succeeded] .count")).ToHaveTextAsync(" 1", new() { Timeout = 60_000 });
        Assert.Equal("sse", await page.EvaluateAsync<string>("() => document.body.dataset.live"));
        Assert.Equal((0, 128, 0), await UiTests.ColourOfAsync(page, "gate"));
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.painted === '1'");
        Assert.DoesNotContain("code", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, app.Refused);
        var errors = ServeFixture.Errors.TryGetValue(page, out var logged) ? logged : [];
        Assert.True(errors.Count == 0, "the page logged errors (a CSP violation is one): " + string.Join("\n", errors));
    }

    [BackendFact]
    public async Task PageOpenedWithoutTheKey_ThePageLoads_TheApiAnswers401AndThePageSaysSo()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(60));
        await using var app = await FunctionAppFrontEnd.StartAsync(serve, ct);
        using var http = new HttpClient { BaseAddress = app.Address };
        var page = await serve.NewPageAsync();

        var answer = await page.GotoAsync(new Uri(app.Address, "ui/").ToString());
        var withoutKey = await http.GetAsync("api/runs", ct);
        var withKey = await http.GetAsync($"api/runs?code={FunctionAppFrontEnd.Key}", ct);

        Assert.Equal(200, answer!.Status);
        Assert.Contains("script-src 'self'", (await answer.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal(401, (int)withoutKey.StatusCode);
        Assert.Equal(200, (int)withKey.StatusCode);
        await Assertions.Expect(page.Locator("#alert")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#alert")).ToContainTextAsync("401");
        Assert.True(app.Refused > 0);
    }
}
