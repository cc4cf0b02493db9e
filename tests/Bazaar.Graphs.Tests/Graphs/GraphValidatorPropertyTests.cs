using Bazaar.Graphs;
using CsCheck;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

public class GraphValidatorPropertyTests
{
    // A random DAG: step i produces "p{i}" and consumes a product of some earlier steps.
    private static readonly Gen<int[][]> Dags =
        Gen.Int[1, 30].SelectMany(n => Gen.Int[0, 1_000_000].Array[n * 3].Select(r =>
            Enumerable.Range(0, n)
                .Select(i => i == 0
                    ? []
                    : Enumerable.Range(0, r[i * 3] % 3).Select(k => r[(i * 3) + 1 + k] % i).Distinct().ToArray())
                .ToArray()));

    private static GraphDefinition Build(int[][] parents) => new()
    {
        Name = "random",
        Steps =
        [
            .. parents.Select((from, i) => new StepDefinition
            {
                Name = $"s{i}",
                Consumes = [.. from.Select(p => $"p{p}")],
                Produces = [new ProductOutput($"p{i}", $"out/p{i}")],
            }),
        ],
    };

    [Fact]
    public void Validate_RandomDag_HasNoProblems()
    {
        Dags.Sample(parents => Assert.Empty(GraphValidator.Validate(Build(parents), ProcessOnly)), iter: 200);
    }

    [Fact]
    public void Validate_RandomDagWithABackEdge_ReportsOnlyCyclesThroughIt()
    {
        Dags.Where(p => p.Length >= 2 && p[^1].Length > 0).Sample(
            parents =>
            {
                // The last step consumes an earlier one's product; make that earlier step also
                // consume the last step's product, closing a cycle.
                var last = parents.Length - 1;
                var target = parents[last][0];
                parents[target] = [.. parents[target], last];
                var graph = Build(parents);

                var problems = GraphValidator.Validate(graph, ProcessOnly);

                // Every cycle runs through the one added edge (the rest is a DAG); there may be
                // several when more than one path leads from the target back to the last step.
                Assert.NotEmpty(problems);
                Assert.All(problems, p => Assert.StartsWith("steps form a cycle", p.Message, StringComparison.Ordinal));
                Assert.All(problems, p => Assert.Contains($"'s{target}' consumes 'p{last}' from 's{last}'", p.Message, StringComparison.Ordinal));
                Assert.Equal(problems.Count, problems.Select(p => p.Message).Distinct().Count());
            },
            iter: 200);
    }

    [Fact]
    public void Validate_LongChainBuiltInCode_DoesNotOverflowTheStack()
    {
        var parents = Enumerable.Range(0, 100_000).Select(i => i == 0 ? new[] { 99_999 } : [i - 1]).ToArray();

        var problems = GraphValidator.Validate(Build(parents), ProcessOnly);

        Assert.Contains("s0 -> s1 -> s2", Assert.Single(problems).Message, StringComparison.Ordinal);
    }
}
