using System.Text;
using Bazaar.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bazaar.Storage.Tests.Products;

[Collection(AzuriteCollection.Name)]
public sealed class BlobStepLogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WriteLineAsync_AfterTheFlushInterval_LinesAreInTheBlobBeforeDispose()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite, o => o.LogFlushInterval = TimeSpan.FromMilliseconds(50));
        await using var log = await store.OpenLogAsync("run1", "build", 1, ct);

        await log.WriteLineAsync("first", ct);
        await log.WriteLineAsync("second", ct);
        var content = string.Empty;
        while (content != "first\nsecond\n")
        {
            await Task.Delay(50, ct);
            content = await ReadLogAsync(store, "run1", "build", 1, ct);
        }

        Assert.Equal("first\nsecond\n", content);
    }

    [Fact]
    public async Task WriteLineAsync_WhenTheClockPassesTheInterval_FlushesWithoutDispose()
    {
        var ct = TestTimeout.Token();
        var time = new FakeTimeProvider();
        var (store, _) = TestStores.Create(azurite, o => o.LogFlushInterval = TimeSpan.FromSeconds(5), time);
        await using var log = await store.OpenLogAsync("run1", "build", 1, ct);
        await log.WriteLineAsync("tick", ct);
        time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(100, ct);
        Assert.Equal(string.Empty, await ReadLogAsync(store, "run1", "build", 1, ct));

        time.Advance(TimeSpan.FromSeconds(1));
        var content = string.Empty;
        while (content.Length == 0)
        {
            await Task.Delay(20, ct);
            content = await ReadLogAsync(store, "run1", "build", 1, ct);
        }

        Assert.Equal("tick\n", content);
    }

    [Fact]
    public async Task DisposeAsync_BufferedLines_AreFlushed()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite, o => o.LogFlushInterval = TimeSpan.FromHours(1));
        var log = await store.OpenLogAsync("run1", "build", 2, ct);
        await log.WriteLineAsync("only line", ct);
        Assert.Equal(string.Empty, await ReadLogAsync(store, "run1", "build", 2, ct));

        await log.DisposeAsync();

        Assert.Equal("only line\n", await ReadLogAsync(store, "run1", "build", 2, ct));
        Assert.Equal(["runs/run1/steps/build/2.log"], await TestStores.ListAsync(container, "runs/run1/steps/", ct));
    }

    [Fact]
    public async Task WriteLineAsync_MoreThanTheFlushSize_AppendsWithoutWaitingForTheTimer()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite, o => o.LogFlushInterval = TimeSpan.FromHours(1));
        await using var log = await store.OpenLogAsync("run1", "build", 1, ct);
        var line = new string('x', 1023);

        for (var i = 0; i < 70; i++)
        {
            await log.WriteLineAsync(line, ct);
        }

        var content = await ReadLogAsync(store, "run1", "build", 1, ct);
        Assert.Equal(64, content.Length / 1024);
    }

    [Fact]
    public async Task WriteLineAsync_ALineLargerThanAnAppendBlock_IsStoredWhole()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var line = new string('y', (5 << 20) + 3);
        await using (var log = await store.OpenLogAsync("run1", "big", 1, ct))
        {
            await log.WriteLineAsync(line, ct);
        }

        Assert.Equal(line + "\n", await ReadLogAsync(store, "run1", "big", 1, ct));
    }

    [Fact]
    public async Task Tail_ManyLines_KeepsTheLastTwenty()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        await using var log = await store.OpenLogAsync("run1", "build", 1, ct);

        for (var i = 0; i < 100; i++)
        {
            await log.WriteLineAsync($"line {i}", ct);
        }

        Assert.Equal(Enumerable.Range(80, 20).Select(i => $"line {i}"), log.Tail());
    }

    [Fact]
    public async Task WriteLineAsync_PastTheCap_WritesOneTruncationLineAndDropsTheRest()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite, o => o.MaxLogBytes = 100);
        await using (var log = await store.OpenLogAsync("run1", "chatty", 1, ct))
        {
            for (var i = 0; i < 50; i++)
            {
                await log.WriteLineAsync($"line {i:D2}", ct); // 8 bytes each with the newline
            }

            Assert.Equal("line 49", log.Tail()[^1]);
        }

        var content = await ReadLogAsync(store, "run1", "chatty", 1, ct);
        var expected = string.Concat(Enumerable.Range(0, 12).Select(i => $"line {i:D2}\n")) + "[log truncated at 100 bytes]\n";
        Assert.Equal(expected, content);
    }

    [Fact]
    public async Task WriteLineAsync_FromManyThreads_KeepsEveryLineWhole()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite, o => o.LogFlushInterval = TimeSpan.FromMilliseconds(20));
        await using (var log = await store.OpenLogAsync("run1", "par", 1, ct))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(
                async () =>
                {
                    for (var i = 0; i < 2000; i++)
                    {
                        await log.WriteLineAsync($"thread {t} line {i} " + new string('z', i % 50), ct);
                    }
                },
                ct)));
        }

        var lines = (await ReadLogAsync(store, "run1", "par", 1, ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16_000, lines.Length);
        Assert.Equal(16_000, lines.Distinct().Count());
        for (var t = 0; t < 8; t++)
        {
            var mine = lines.Where(l => l.StartsWith($"thread {t} ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"thread {t} line {i} " + new string('z', i % 50)), mine);
        }
    }

    [Fact]
    public async Task OpenLogReadAsync_NoLog_ReturnsNull()
    {
        var (store, _) = TestStores.Create(azurite);

        Assert.Null(await store.OpenLogReadAsync("run1", "never", 1, 0, TestTimeout.Token()));
    }

    private static async Task<string> ReadLogAsync(Bazaar.Products.BlobProductStore store, string runId, string step, int attempt, CancellationToken ct)
    {
        await using var stream = await store.OpenLogReadAsync(runId, step, attempt, 0, ct);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }
}
