using System.Diagnostics;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.IntegrationTests;

/// <summary>A step that writes gigabytes of log: the log is capped, the step is drained, not blocked, and reported.</summary>
[Collection(DurableHostCollection.Name)]
public sealed class HugeLogTests(DurableHostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Run_StepWritingTwoGigabytesOfLog_LogIsCappedAndTheStepSucceedsWithItsProduct()
    {
        var graph = fixture.Graph("""
            name: loud
            steps:
              loud:
                run: head -c 2147483648 /dev/zero | tr '\0' x | fold -w 8192; echo done > out.txt; echo "the last line"
                produces: { out: out.txt }
            """);
        var watch = Stopwatch.StartNew();

        var result = await fixture.RunAsync(graph, timeout: TimeSpan.FromSeconds(240));

        output.WriteLine($"2 GiB of log drained and the step reported in {watch.Elapsed.TotalSeconds:F1} s");
        var step = Assert.Single(result.Steps);
        Assert.True(step.State == StepState.Succeeded, step.Error);
        Assert.Equal("done\n", await fixture.ReadTextAsync(Assert.Single(step.Products)));
        await using var log = await fixture.Logs.OpenLogReadAsync(result.RunId, "loud", 1, 0, TestTimeout.Token());
        var size = 0L;
        var lastLine = string.Empty;
        using (var reader = new StreamReader(log!))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                size += line.Length + 1;
                lastLine = line;
            }
        }

        var cap = new ProductStoreOptions().MaxLogBytes;
        Assert.InRange(size, cap - 16 * 1024, cap + 1024);
        Assert.StartsWith("[log truncated at", lastLine, StringComparison.Ordinal);
    }
}
