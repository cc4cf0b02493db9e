using System.Text.Json;
using Bazaar.Graphs;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

public class GraphFileTests
{
    private const string DiamondYaml = """
        name: diamond
        inputs: [seed]
        remotes:
          box: { type: process, cpus: 2, network: false, mounts: [/a, /b], limits: { memory: 512m } }
        steps:
          split:
            run: cat seed > left.txt; cat seed > right.txt
            consumes: [seed]
            produces: { left-in: left.txt, right-in: right.txt }
          left:
            run: [cp, left-in, left.out]
            remote: box
            consumes: [left-in]
            produces: { left-out: left.out, left-done: }
            env: { MODE: fast, LEVEL: 3 }
            timeout: 90s
            retry: { attempts: 3, backoff: 500ms }
          right:
            remote: process
            consumes: [right-in]
            produces: [right-out]
          join:
            consumes: [left-out, right-out]
        """;

    private const string DiamondJson = """
        {
          "name": "diamond",
          "inputs": ["seed"],
          "remotes": {
            "box": { "type": "process", "cpus": 2, "network": false, "mounts": ["/a", "/b"], "limits": { "memory": "512m" } }
          },
          "steps": {
            "split": {
              "run": "cat seed > left.txt; cat seed > right.txt",
              "consumes": ["seed"],
              "produces": { "left-in": "left.txt", "right-in": "right.txt" }
            },
            "left": {
              "run": ["cp", "left-in", "left.out"],
              "remote": "box",
              "consumes": ["left-in"],
              "produces": { "left-out": "left.out", "left-done": null },
              "env": { "MODE": "fast", "LEVEL": "3" },
              "timeout": "90s",
              "retry": { "attempts": 3, "backoff": "500ms" }
            },
            "right": { "remote": "process", "consumes": ["right-in"], "produces": ["right-out"] },
            "join": { "consumes": ["left-out", "right-out"] }
          }
        }
        """;

    [Fact]
    public void Parse_BazaarCiTwoSteps_JoinsThemByOneProduct()
    {
        var graph = GraphFile.Parse(
            "name: g\nsteps:\n  Step1: { run: [echo, Step1], produces: [p] }\n  Step2: { run: [echo, Step2], consumes: [p] }\n",
            "two.yaml",
            ProcessOnly);

        Assert.Equal("g", graph.Name);
        Assert.Equal(["Step1", "Step2"], graph.Steps.Select(s => s.Name));
        Assert.Equal(["echo", "Step1"], graph.Steps[0].Run!.Args!);
        Assert.Equal(new ProductOutput("p", null), Assert.Single(graph.Steps[0].Produces));
        Assert.Equal(["p"], graph.Steps[1].Consumes);
        Assert.Same(RemoteDefinition.Process, graph.Steps[1].Remote);
    }

    [Fact]
    public void Parse_BazaarCiThreeSteps_ThirdConsumesBothProducts()
    {
        var graph = GraphFile.Parse(
            """
            name: g
            steps:
              Step1: { run: [echo, Step1], produces: [p1] }
              Step2: { run: [echo, Step2], produces: [p2] }
              Step3: { run: [echo, Step3], consumes: [p1, p2] }
            """,
            "three.yaml",
            ProcessOnly);

        Assert.Equal(3, graph.Steps.Count);
        Assert.Equal(["p1", "p2"], graph.Steps[2].Consumes);
    }

    [Fact]
    public void Parse_FullStep_ReadsEveryKey()
    {
        var graph = GraphFile.Parse(DiamondYaml, "diamond.yaml", ProcessOnly);

        var split = graph.Steps[0];
        var left = graph.Steps[1];
        Assert.Equal(["seed"], graph.Inputs);
        Assert.Equal("cat seed > left.txt; cat seed > right.txt", split.Run!.Shell);
        Assert.Null(graph.Steps[3].Run);
        Assert.Equal("box", left.Remote.Name);
        Assert.Equal("process", left.Remote.Type);
        Assert.Equal(2, left.Remote.Settings["cpus"].GetInt32());
        Assert.Equal(JsonValueKind.False, left.Remote.Settings["network"].ValueKind);
        Assert.Equal("/b", left.Remote.Settings["mounts"][1].GetString());
        Assert.Equal("512m", left.Remote.Settings["limits"].GetProperty("memory").GetString());
        Assert.Equal([new ProductOutput("left-out", "left.out"), new ProductOutput("left-done", null)], left.Produces);
        Assert.Equal("3", left.Env["LEVEL"]);
        Assert.Equal(TimeSpan.FromSeconds(90), left.Timeout);
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromMilliseconds(500)), left.Retry);
        Assert.Equal([new ProductOutput("right-out", null)], graph.Steps[2].Produces);
    }

    [Fact]
    public void Parse_SameGraphAsYamlAndJson_GivesEqualDefinitions()
    {
        var fromYaml = GraphFile.Parse(DiamondYaml, "diamond.yaml", ProcessOnly);
        var fromJson = GraphFile.Parse(DiamondJson, "diamond.json", ProcessOnly);

        Assert.Equal(Json(fromYaml), Json(fromJson));
    }

    [Fact]
    public void Parse_JsonWithoutExtension_IsDetectedByItsBrace()
    {
        var fromJson = GraphFile.Parse(DiamondJson, "request-body", ProcessOnly);

        Assert.Equal(Json(GraphFile.Parse(DiamondYaml, "diamond.yaml", ProcessOnly)), Json(fromJson));
    }

    [Fact]
    public void Parse_StepsInAnyOrder_KeepsDeclarationOrder()
    {
        var graph = GraphFile.Parse("name: g\nsteps:\n  z: { consumes: [p] }\n  a: { produces: [p] }\n  m: {}\n", "g.yaml", ProcessOnly);

        Assert.Equal(["z", "a", "m"], graph.Steps.Select(s => s.Name));
    }

    [Fact]
    public void Parse_AnchorsAndAliases_AreFollowed()
    {
        var graph = GraphFile.Parse(
            "name: g\nsteps:\n  a: { run: echo, env: &common { MODE: x } }\n  b: { run: echo, env: *common }\n",
            "g.yaml",
            ProcessOnly);

        Assert.Equal("x", graph.Steps[1].Env["MODE"]);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("90", 90)]
    [InlineData("2.5", 2.5)]
    public void TryParse_Duration_GivesSeconds(string text, double seconds)
    {
        Assert.True(GraphDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10 minutes")]
    [InlineData("-5s")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("1e400")]
    public void TryParse_NotADuration_Fails(string text)
    {
        Assert.False(GraphDuration.TryParse(text, out _));
    }

    [Fact]
    public void Parse_TimeoutAsPlainNumber_IsSeconds()
    {
        var graph = GraphFile.Parse("name: g\nsteps:\n  a: { timeout: 45 }\n", "g.yaml", ProcessOnly);

        Assert.Equal(TimeSpan.FromSeconds(45), graph.Steps[0].Timeout);
    }

    [Fact]
    public void Load_EveryExample_HasNoProblems()
    {
        var examples = Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(examples.Count >= 4, $"expected at least 4 examples, found {examples.Count}");

        // The remote types the repository's plug-ins provide (types only: each plug-in's own tests run its examples).
        var repositoryRemotes = new HashSet<string>(StringComparer.Ordinal) { "process", "docker", "aws-lambda", "azure-functions", "azure-container-instances", "aws-ecs", "aws-batch" };
        foreach (var example in examples)
        {
            var graph = GraphFile.Load(example, repositoryRemotes);
            Assert.NotEmpty(graph.Steps);
        }
    }

    [Fact]
    public void Load_HelloExample_UsesArgvAndADirectoryProduct()
    {
        var graph = GraphFile.Load(Path.Combine(RepositoryRoot(), "examples", "hello.yaml"), ProcessOnly);

        Assert.Contains(graph.Steps, s => s.Run?.Args is not null);
        Assert.Contains(graph.Steps, s => s.Produces.Any(p => p.Path?.EndsWith('/') == true));
        Assert.True(graph.Steps.Count is >= 2 and <= 3);
    }

    [Fact]
    public void Schema_EmbeddedCopy_EqualsThePublishedFile()
    {
        var published = File.ReadAllText(Path.Combine(RepositoryRoot(), "schema", "graph.schema.json"));

        Assert.Equal(published, GraphFile.Schema);
    }

    [Fact]
    public void Schema_IsDraft202012WithTheNamePattern()
    {
        using var schema = JsonDocument.Parse(GraphFile.Schema);

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal("^[A-Za-z0-9._-]{1,64}$", schema.RootElement.GetProperty("$defs").GetProperty("name").GetProperty("pattern").GetString());
    }
}
