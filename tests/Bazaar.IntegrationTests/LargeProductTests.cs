using Bazaar.Orchestration;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests;

/// <summary>A 1 GiB product goes producer → blob storage → consumer while this process's memory stays far below its size.</summary>
[Collection(DurableHostCollection.Name)]
public sealed class LargeProductTests(DurableHostFixture fixture)
{
    private const long GiB = 1024L * 1024 * 1024;

    [Fact]
    public async Task Run_OneGibProduct_StreamsThroughWithBoundedMemory()
    {
        var graph = fixture.Graph($"""
            name: big
            steps:
              make:
                run: head -c {GiB} /dev/zero > big.bin
                produces: {"{ big: big.bin }"}
              measure:
                run: wc -c < big > size.txt
                consumes: [big]
                produces: {"{ size: size.txt }"}
            """);

        var baseline = ResidentBytes();
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentBytes());
                await Task.Delay(25);
            }
        });

        var result = await fixture.RunAsync(graph, timeout: TimeSpan.FromMinutes(4));
        await stop.CancelAsync();
        await sampler;

        Assert.True(result.Succeeded, string.Join("; ", result.Steps.Select(s => $"{s.Step}={s.State} {s.Error}")));
        Assert.Equal(GiB, result.Steps[0].Products.Single().Size);
        Assert.Equal(GiB.ToString(), (await fixture.ReadTextAsync(result.Steps[1].Products.Single())).Trim());
        var growth = peak - baseline;
        Assert.True(growth < 256L * 1024 * 1024, $"resident memory grew by {growth / (1024 * 1024)} MiB while a 1 GiB product streamed through");
    }

    private static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
    }
}
