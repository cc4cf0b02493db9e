using System.Globalization;
using System.Text;
using Bazaar.Graphs;
using Bazaar.Testing;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Security;

/// <summary>
/// Issue 14: a small graph file must not make the loader build without bound. Every value the readers
/// make counts against one budget, an alias as a whole copy of its anchor, and past it the graph is
/// refused before it is built. Memory, not time, shows that the loader stopped early.
/// </summary>
public class GraphBudgetTests
{
    // Reading the 1 MB file itself costs a few tens of megabytes; building what it expands to would
    // cost tens of gigabytes. The bound sits far from both.
    private const long GenerousBytes = 512L * 1024 * 1024;

    [Fact]
    public void Parse_AnchorOfTwentyThousandEntriesAliasedByThreeThousandSteps_IsRefusedEarly()
    {
        var yaml = AliasBombs.WideAnchorReusedByThousandsOfSteps();
        Assert.InRange(yaml.Length, 900_000, 1 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var refused = Assert.Throws<GraphTooLargeException>(() => GraphFile.Parse(yaml, "bomb.yaml", ProcessOnly));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < GenerousBytes, $"the loader allocated {allocated:N0} bytes before refusing the graph");
        var problem = refused.Problems[^1];
        Assert.Contains("expands to more than 2,000,000 values", problem.Message, StringComparison.Ordinal);
        Assert.Contains("alias '*s'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("alias bomb", problem.Message, StringComparison.Ordinal);

        // It stopped at the alias that passed the budget, a few dozen steps in, not at the end of the file.
        Assert.InRange(problem.Line!.Value, 20_005, 20_200);
    }

    [Fact]
    public void Parse_AliasBomb_IsAGraphValidationExceptionTooSoCallersThatListProblemsStillDo()
    {
        var problems = Problems(AliasBombs.WideAnchorReusedByThousandsOfSteps());

        Assert.Contains(problems, p => p.Message.Contains("alias bomb", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ClassicBillionLaughs_IsRefusedEarly()
    {
        var yaml = new StringBuilder("name: g\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 12; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        yaml.Append("steps:\n  a: { run: [echo, *a12] }\n");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var refused = Assert.Throws<GraphTooLargeException>(() => GraphFile.Parse(yaml.ToString(), "laughs.yaml", ProcessOnly));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L * 1024 * 1024);
        Assert.Contains("expands to more than", refused.Problems[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreAliasesThanAllowed_IsRefusedNamingTheLimit()
    {
        var aliases = string.Join(", ", Enumerable.Repeat("*a", GraphBudget.MaxAliases + 1));
        var yaml = $"name: g\nsteps:\n  a: {{ run: [echo, &a x, {aliases}] }}\n";

        var refused = Assert.Throws<GraphTooLargeException>(() => GraphFile.Parse(yaml, "many.yaml", ProcessOnly));

        Assert.Contains("more than 50,000 aliases", refused.Problems[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonPastTheBudget_IsRefusedByTheSameBudget()
    {
        var json = new StringBuilder("{\"name\": \"g\", \"steps\": {\"a\": {\"run\": [\"echo\"", 5 << 20);
        for (var i = 0; i < GraphBudget.MaxValues; i++)
        {
            json.Append(",0");
        }

        json.Append("]}}}");

        var refused = Assert.Throws<GraphTooLargeException>(() => GraphFile.Parse(json.ToString(), "big.json", ProcessOnly));

        Assert.Contains("expands to more than 2,000,000 values", refused.Problems[^1].Message, StringComparison.Ordinal);
        Assert.Equal("big.json", refused.Problems[^1].Source);
    }

    [Fact]
    public void Parse_AnchorsReusedAFewTimes_StillLoads()
    {
        const string yaml = """
            name: shared
            steps:
              build:
                run: make
                env: &env { MODE: release, LANG: C }
                retry: &retry { attempts: 3, backoff: 1s }
                produces: { out: out/ }
              test:
                run: make test
                env: *env
                retry: *retry
                consumes: [out]
              lint:
                run: make lint
                env: *env
                retry: *retry
            """;

        var graph = GraphFile.Parse(yaml, "shared.yaml", ProcessOnly);

        Assert.All(graph.Steps, s => Assert.Equal("release", s.Env["MODE"]));
        Assert.All(graph.Steps, s => Assert.Equal(3, s.Retry!.Attempts));
    }

    [Fact]
    public void Parse_GeneratedGraphWithAnAliasPerStep_StillLoads()
    {
        var yaml = new StringBuilder("name: wide\ndefaults: &d { MODE: x }\nsteps:\n");
        for (var i = 0; i < 5_000; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  s{i}: {{ run: [echo, '{i}'], env: *d }}\n");
        }

        var (graph, problems, tooLarge) = GraphFile.Read(yaml.ToString(), "wide.yaml", ProcessOnly);

        // The unknown top-level key is reported as usual; the budget is not what stops this graph.
        Assert.False(tooLarge);
        Assert.Single(problems);
        Assert.Equal(5_000, graph!.Steps.Count);
    }
}
