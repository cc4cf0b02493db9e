using Bazaar.Graphs;

namespace Bazaar.Graphs.Tests.Graphs;

/// <summary>The run behaviours as graph files and the C# API write them: cache and retry.on.</summary>
public sealed class RunBehaviourGraphTests
{
    private static readonly HashSet<string> Process = ["process"];

    [Fact]
    public void Parse_CacheOnTheGraph_AppliesToEveryStepThatDoesNotSayOtherwise()
    {
        var graph = GraphFile.Parse("name: g\ncache: true\nsteps:\n  a: { run: echo }\n  b: { run: echo, cache: false }\n", "g.yaml", Process);

        Assert.Equal([true, false], graph.Steps.Select(s => s.Cache));
    }

    [Fact]
    public void Parse_NoCacheAnywhere_NothingIsCached()
    {
        var graph = GraphFile.Parse("name: g\nsteps:\n  a: { run: echo }\n  b: { run: echo, cache: true }\n", "g.yaml", Process);

        Assert.Equal([false, true], graph.Steps.Select(s => s.Cache));
    }

    [Theory]
    [InlineData("{ attempts: 3 }", RetryOn.Retryable)]
    [InlineData("{ attempts: 3, on: retryable }", RetryOn.Retryable)]
    [InlineData("{ attempts: 3, on: any, backoff: 2s }", RetryOn.Any)]
    public void Parse_RetryOn_ReadsWhichFailuresAreRetried(string retry, RetryOn expected)
    {
        var graph = GraphFile.Parse($"name: g\nsteps:\n  a:\n    run: echo\n    retry: {retry}\n", "g.yaml", Process);

        Assert.Equal(expected, graph.Steps[0].Retry!.On);
    }

    [Fact]
    public void Json_CacheAndRetryOn_ReadAsInYaml()
    {
        var graph = GraphFile.Parse("""{ "name": "g", "cache": true, "steps": { "a": { "run": "echo", "retry": { "attempts": 2, "on": "any" } } } }""", "g.json", Process);

        Assert.True(graph.Steps[0].Cache);
        Assert.Equal(RetryOn.Any, graph.Steps[0].Retry!.On);
    }

    [Fact]
    public void CSharpApi_CacheAndRetryOn_GiveTheSameDefinitionAsTheFile()
    {
        var file = GraphFile.Parse(
            "name: g\ncache: true\nsteps:\n  a: { run: [echo], retry: { attempts: 2, backoff: 1s, on: any } }\n  b: { run: [echo], cache: false }\n",
            "g.yaml",
            Process);
        var g = new Graph("g").Cache();
        new Step("a", g).Run("echo").Retry(2, TimeSpan.FromSeconds(1), RetryOn.Any);
        new Step("b", g).Run("echo").Cache(false);

        var code = g.ToDefinition();

        Assert.Equal(file.Steps.Select(s => (s.Name, s.Cache, s.Retry)), code.Steps.Select(s => (s.Name, s.Cache, s.Retry)));
    }
}
