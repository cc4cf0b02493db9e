using System.Text.Json;
using Bazaar.Engine.Tests.Orchestration;
using Bazaar.Orchestration;
using TestGraphs = Bazaar.Testing.Graphs;

namespace Bazaar.Engine.Tests.Security;

/// <summary>
/// Issue 14: the text a step result carries through the orchestration history is bounded per step,
/// so a run of many failing steps stays within the engine's message limits, and holds no SAS signature.
/// </summary>
public class HistoryTextTests
{
    [Fact]
    public void Cap_ShortText_IsKeptWhole()
    {
        Assert.Equal("exited with code 1", HistoryText.Cap("exited with code 1", "the step record"));
        Assert.Null(HistoryText.Cap(null, "the step record"));
    }

    [Fact]
    public void Cap_LongText_IsCutTo2048CharactersWithAMarkerSayingWhereTheWholeIs()
    {
        var text = new string('x', 100_000);

        var cut = HistoryText.Cap(text, "the step record")!;

        Assert.Equal(HistoryText.MaxChars, cut.Length);
        Assert.EndsWith("[cut at 2048 of 100000 characters; the whole text is in the step record]", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Cap_CutFallsInsideASurrogatePair_KeepsTheTextValid()
    {
        var text = new string('x', 1000) + string.Concat(Enumerable.Repeat("😀", 5_000));

        var cut = HistoryText.Cap(text, "the step record")!;

        Assert.DoesNotContain(System.Text.Rune.ReplacementChar, cut.EnumerateRunes());
        Assert.DoesNotContain(cut.Select((c, i) => (c, i)), x => char.IsHighSurrogate(x.c) && (x.i + 1 == cut.Length || !char.IsLowSurrogate(cut[x.i + 1])));
    }

    [Fact]
    public async Task RunAsync_ManyStepsFailingWithHugeMessages_RunResultStaysBoundedPerStepAndHoldsNoSignature()
    {
        const int steps = 200;
        var harness = new OrchestrationHarness();
        var names = Enumerable.Range(0, steps).Select(i => $"s{i}:").ToArray();
        var run = harness.Start(TestGraphs.Parse(names), new RunOptions { MaxParallel = steps, FailurePolicy = FailurePolicy.Continue });
        var huge = "upload to https://a.blob.core.windows.net/c/b?sv=1&sig=c2VjcmV0c2lnbmF0dXJl failed: " + new string('e', 200_000);

        foreach (var step in harness.Pending.ToList())
        {
            harness.Throw(step, huge);
        }

        var result = await run.WaitAsync(Bazaar.Testing.TestTimeout.Token());
        Assert.All(result.Steps, s => Assert.True(s.Error!.Length <= HistoryText.MaxChars, $"{s.Step}: {s.Error.Length} characters"));
        Assert.All(result.Steps, s => Assert.DoesNotContain("c2VjcmV0c2lnbmF0dXJl", s.Error, StringComparison.Ordinal));
        var size = JsonSerializer.SerializeToUtf8Bytes(result).Length;
        Assert.True(size < steps * 3 * 1024, $"the run's result is {size} bytes");
    }
}
