using Bazaar.Graphs;
using CsCheck;
using static Bazaar.Core.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Core.Tests.Graphs;

// Graph files arrive over HTTP: whatever a client sends must end as problems, never as a crash.
public class GraphFileFuzzTests
{
    private static readonly string Sample = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "diamond.yaml"));

    private static readonly Gen<char> YamlChars = Gen.Char["{}[]:,-'\"&*!|>#\n \tabc01.?%@`"];

    [Fact]
    public void Parse_MangledExample_OnlyEverReportsProblems()
    {
        Gen.Select(Gen.Int[0, Sample.Length - 1], Gen.Int[0, 40], YamlChars.Array[0, 5])
            .Sample(
                t =>
                {
                    var (at, cut, insert) = t;
                    var text = Sample[..at] + new string(insert) + Sample[Math.Min(Sample.Length, at + cut)..];
                    AssertOnlyProblems(text, "fuzz.yaml");
                },
                iter: 2000);
    }

    [Fact]
    public void Parse_RandomYamlishText_OnlyEverReportsProblems()
    {
        YamlChars.Array[0, 80].Select(c => new string(c)).Sample(
            text =>
            {
                AssertOnlyProblems(text, "fuzz.yaml");
                AssertOnlyProblems("{" + text, "fuzz.json");
            },
            iter: 2000);
    }

    private static void AssertOnlyProblems(string text, string source)
    {
        try
        {
            GraphFile.Parse(text, source, ProcessOnly);
        }
        catch (GraphValidationException e)
        {
            Assert.NotEmpty(e.Problems);
            Assert.All(e.Problems, p => Assert.True(p.Line is null or >= 1, $"line {p.Line} in {p}"));
        }
    }
}
