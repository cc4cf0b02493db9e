using System.Text;
using Azure.Storage.Blobs;
using Bazaar.Testing;
using Microsoft.Playwright;

namespace Bazaar.Browser.Tests;

/// <summary>
/// Issue 20's big log: a step's 100 MB log opens at its tail, the page answers at once, reads only windows (never the
/// whole log) and keeps a bounded heap, and find reaches a line in the middle that was never read, through the server.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class BigLogTests(ServeFixture serve)
{
    private const long Size = 100_000_000;

    public static string? MissingBackend => ServeFixture.MissingBackend;

    [BackendFact]
    public async Task HundredMegabyteLog_TailShown_PageResponsive_ReadsOnlyWindows_FindReachesTheMiddle_BackToTheEnd()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(240));
        var id = await serve.SubmitAsync("name: big-log\nsteps:\n  big: { run: 'echo started' }\n", ct);
        await serve.WaitForEndAsync(id, ct);
        // Step logs are capped at 64 MiB when written (ProductStoreOptions.MaxLogBytes), so the 100 MB log is put in
        // the attempt's log blob, where the step's own log was, as a step without the cap would have left it.
        await WriteLogAsync($"runs/{id}/steps/big/1.log", ct);
        var page = await serve.SignedInPageAsync(ct);

        await page.GotoAsync(new Uri(serve.Address, $"ui/runs/{id}?step=big").ToString());
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("the-very-end", new() { Timeout = 60_000 });
        var tailStart = long.Parse((await page.GetAttributeAsync("#log", "data-start"))!, System.Globalization.CultureInfo.InvariantCulture);
        await page.ClickAsync("#log-earlier");
        await page.WaitForFunctionAsync("(s) => Number(document.querySelector('#log').dataset.start) < s", tailStart);
        var answered = await page.EvaluateAsync<int>("() => { const log = document.querySelector('#log'); log.scrollTop = 0; return log.scrollTop; }");

        await page.FillAsync("#log-search", "middle-marker");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.PressAsync("#log-search", "Enter");
        await Assertions.Expect(page.Locator("#log mark.current")).ToHaveTextAsync("middle-marker", new() { Timeout = 120_000 });
        clock.Stop();
        var windowStart = long.Parse((await page.GetAttributeAsync("#log", "data-start"))!, System.Globalization.CultureInfo.InvariantCulture);
        var read = await page.EvaluateAsync<double>(
            "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/log?')).reduce((a, e) => a + e.encodedBodySize, 0)");
        var heap = await page.EvaluateAsync<double>("() => performance.memory.usedJSHeapSize");

        Assert.True(tailStart > Size - 70_000, $"the tail is read first (started at byte {tailStart})");
        Assert.Equal(0, answered);
        Assert.InRange(windowStart, Size / 2 - 70_000, Size / 2);
        Assert.DoesNotContain("the-very-end", await page.TextContentAsync("#log") ?? string.Empty, StringComparison.Ordinal);
        Assert.True(read < 1_000_000, $"the page read {read} bytes of the log: windows only");
        Assert.True(heap < 64 * 1024 * 1024, $"the page's JS heap is {heap} bytes");
        await page.ClickAsync("#log-end");
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("the-very-end");
        Assert.Equal(tailStart, long.Parse((await page.GetAttributeAsync("#log", "data-start"))!, System.Globalization.CultureInfo.InvariantCulture));
        Measurements.Record("100 MB log: find in the middle, never read, through the server (s)", clock.Elapsed.TotalSeconds);
        Measurements.Record("100 MB log: bytes of it the page read", read);
        Measurements.Record("100 MB log: page JS heap used (MB)", heap / (1 << 20));
    }

    // 100 MB of numbered lines, one "middle-marker" line at the middle, "the-very-end" last.
    private async Task WriteLogAsync(string blob, CancellationToken ct)
    {
        var path = Path.Combine(serve.Home, $"big-{Guid.NewGuid():N}.log");
        try
        {
            await using (var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
            {
                long written = 0;
                var marked = false;
                for (var n = 0; written < Size - 100; n++)
                {
                    var line = !marked && written >= Size / 2 - 100 ? "middle-marker here\n" : $"line {n:D9} of a log a step wrote, padded to read like one: 0123456789\n";
                    marked |= line.StartsWith("middle", StringComparison.Ordinal);
                    file.Write(line);
                    written += line.Length;
                }

                file.Write(new string('.', (int)(Size - 13 - written)) + "the-very-end\n");
            }

            var container = new BlobContainerClient(serve.Storage, "bazaar");
            await using var content = File.OpenRead(path);
            await container.GetBlobClient(blob).UploadAsync(content, overwrite: true, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
