using System.Diagnostics;
using System.Text;
using Bazaar.Graphs;
using Bazaar.Testing;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

// Graph files written to hurt the loader: each must end as problems (or a graph) quickly and
// within bounded memory, never as an exception other than GraphValidationException.
public class GraphFileHostileTests
{
    [Fact]
    public void Parse_YamlAliasBomb_ReportsProblemsQuickly()
    {
        var yaml = new StringBuilder("name: g\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 12; i++)
        {
            yaml.Append(FormattableString.Invariant($"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"));
        }

        yaml.Append("steps:\n  a:\n    run: [echo, *a12]\n    env: { X: *a12 }\n    consumes: *a12\n");
        var watch = Stopwatch.StartNew();

        var problems = Problems(yaml.ToString());

        Assert.NotEmpty(problems);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Parse_HugeGraph_LoadsWhole()
    {
        var yaml = new StringBuilder("name: huge\nsteps:\n");
        for (var i = 0; i < 20_000; i++)
        {
            yaml.Append(FormattableString.Invariant($"  s{i}: {{ run: [echo, {i}], produces: [p{i}]{(i > 0 ? FormattableString.Invariant($", consumes: [p{i - 1}]") : string.Empty)} }}\n"));
        }

        var watch = Stopwatch.StartNew();

        var graph = GraphFile.Parse(yaml.ToString(), "huge.yaml", ProcessOnly);

        Assert.Equal(20_000, graph.Steps.Count);
        Assert.Equal(["p19998"], graph.Steps[^1].Consumes);

        // A guard against a parse that never ends, not a speed check: on a quiet machine this takes
        // about 2 s; speed is measured in benchmarks/, never asserted here.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Parse_HugeScalar_ReportsProblemWithoutEchoingIt()
    {
        var name = new string('n', 2_000_000);

        var problem = Assert.Single(Problems($"name: g\nsteps:\n  {name}: {{ run: [true] }}\n"));

        Assert.True(problem.Message.Length < 1000, $"message of {problem.Message.Length} characters");
    }

    [Fact]
    public void Parse_DeeplyNestedJson_ReportsInsteadOfOverflowing()
    {
        var json = "{\"name\": \"g\", \"steps\": {\"a\": {\"env\": " + new string('[', 100_000) + new string(']', 100_000) + "}}}";

        var problems = Problems(json, "g.json");

        Assert.NotEmpty(problems);
    }

    [Theory]
    [InlineData("a\u0007b")]
    [InlineData("a\u001b[31mred")]
    [InlineData("a\nb")]
    [InlineData("a\u202eb")]
    [InlineData("\u0000")]
    public void Parse_ControlCharactersInAStepName_ReportsTheNameEscaped(string name)
    {
        var json = "{\"name\": \"g\", \"steps\": {\"" + System.Text.Json.JsonEncodedText.Encode(name) + "\": {\"run\": [\"true\"]}}}";

        var problem = Assert.Single(Problems(json, "g.json"));

        Assert.DoesNotContain(problem.Message, c => char.IsControl(c) || c == '\u202e');
        Assert.Contains("step name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NonUtf8Bytes_ReportsTheFileIsNotUtf8()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "latin1.yaml");
        File.WriteAllBytes(path, [.. "name: g\nsteps:\n  caf"u8, 0xE9, .. ": { run: [true] }\n"u8]);

        var e = Assert.Throws<GraphValidationException>(() => GraphFile.Load(path, ProcessOnly));

        Assert.Contains("UTF-8", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }
}
