using System.Text.Json;
using Bazaar.Benchmarks.Reporting;
using Bazaar.Testing;

namespace Bazaar.Benchmarks.Tests;

/// <summary>
/// The harness in quick mode, end to end on its own Azurite: every suite runs and reports
/// well-formed figures. Never asserts how fast anything is — CI machines vary too much.
/// </summary>
public class HarnessTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task RunAsync_QuickMode_EverySuiteReportsWellFormedRows()
    {
        var options = BenchOptions.Parse(["--quick"]);
        var lines = new List<string>();

        var report = await Harness.RunAsync(options, line => { lock (lines) { lines.Add(line); } }, TestTimeout.Token(TimeSpan.FromSeconds(150)));

        foreach (var suite in BenchOptions.AllSuites)
        {
            Assert.Contains(report.Rows, r => r.Suite == suite);
        }

        Assert.All(report.Rows, row =>
        {
            Assert.True(row.Bazaar is { } b && double.IsFinite(b) && b >= 0, $"{row.Suite} {row.Case}: Bazaar figure {row.Bazaar} ({row.Note}); log:\n{string.Join('\n', lines)}");
            Assert.True(row.Baseline is { } f && double.IsFinite(f) && f >= 0, $"{row.Suite} {row.Case}: baseline figure {row.Baseline} ({row.Note})");
            Assert.NotNull(row.Ratio);
        });
        Assert.Equal(3, report.Rows.Count(r => r.Suite == "orchestration" && r.Metric == "throughput"));

        var markdown = MarkdownReport.Write(report);
        Assert.Contains("| case | metric | Bazaar | baseline | ratio | target | met? | note |", markdown, StringComparison.Ordinal);
        Assert.Contains("--quick", markdown, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, Json));
        Assert.Equal(report.Rows.Count, json.RootElement.GetProperty("rows").GetArrayLength());
    }
}
