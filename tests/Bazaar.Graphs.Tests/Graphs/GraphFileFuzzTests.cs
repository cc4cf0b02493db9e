using Bazaar.Graphs;
using CsCheck;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

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

    [Fact]
    public void Parse_StructuralMutationsOfEveryExample_OnlyEverReportsProblems()
    {
        // Line-level edits keep most of a file's structure, so mutants get past the parser and reach
        // the reader and the validator. Time-bounded; the seed in a failure replays it.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BAZAAR_FUZZ_SEED"), out var s) ? s : 8;
        var random = new Random(seed);
        var examples = Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "*.yaml").Select(File.ReadAllText).ToArray();
        string[] pieces = ["&x", "*x", "<<: *x", "- ", ": ", "[", "]", "{", "}", "'", "\"", "!!str", "null", "~", "0", "-1", "1e999", "10m", "0s", "..", "/etc/passwd", "\u0000", "\u202e", "é", "\t", "  ", "consumes: [a]", "produces: { p: ../x }", "remote: docker", "retry: { attempts: 0 }", "secrets: [1X]", "steps:", "inputs: [p]"];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var tried = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(10) && tried < 5000)
        {
            var lines = examples[random.Next(examples.Length)].Split('\n').ToList();
            for (var edits = random.Next(1, 5); edits > 0 && lines.Count > 0; edits--)
            {
                var at = random.Next(lines.Count);
                switch (random.Next(5))
                {
                    case 0: lines.RemoveAt(at); break;
                    case 1: lines.Insert(at, lines[random.Next(lines.Count)]); break;
                    case 2: lines[at] = new string(' ', random.Next(0, 8)) + lines[at].TrimStart(); break;
                    case 3: lines[at] = lines[at].Insert(random.Next(lines[at].Length + 1), pieces[random.Next(pieces.Length)]); break;
                    default: (lines[at], lines[^1]) = (lines[^1], lines[at]); break;
                }
            }

            var text = string.Join('\n', lines);
            try
            {
                AssertOnlyProblems(text, "fuzz.yaml");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"mutant #{tried} of seed {seed} (replay with BAZAAR_FUZZ_SEED={seed}) threw {e.GetType().Name}:\n{text}", e);
            }

            tried++;
        }

        Assert.True(tried >= 500, $"only {tried} mutants in the time allowed");
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
