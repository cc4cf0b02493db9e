using Bazaar.Graphs;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

public class GraphApiTests
{
    [Fact]
    public void ToDefinition_BazaarCiTwoSteps_EqualsTheLoadedFile()
    {
        var g = new Graph("g");
        var p = new Product("p");
        var s1 = new Step("Step1", g).Run("echo", "Step1");
        var s2 = new Step("Step2", g).Run("echo", "Step2");
        s1.Produces(p);
        s2.Consumes(p);

        var loaded = GraphFile.Load(Path.Combine(RepositoryRoot(), "examples", "bazaarci-two-steps.yaml"), ProcessOnly);

        Assert.Equal(Json(loaded), Json(g.ToDefinition()));
    }

    [Fact]
    public void ToDefinition_BazaarCiThreeSteps_EqualsTheLoadedFile()
    {
        var g = new Graph("g");
        var p1 = new Product("p1");
        var p2 = new Product("p2");
        new Step("Step1", g).Run("echo", "Step1").Produces(p1);
        new Step("Step2", g).Run("echo", "Step2").Produces(p2);
        new Step("Step3", g).Run("echo", "Step3").Consumes(p1, p2);

        var loaded = GraphFile.Load(Path.Combine(RepositoryRoot(), "examples", "bazaarci-three-steps.yaml"), ProcessOnly);

        Assert.Equal(Json(loaded), Json(g.ToDefinition()));
    }

    [Fact]
    public void ToDefinition_EveryFeature_EqualsTheEquivalentFile()
    {
        const string yaml = """
            name: full
            inputs: [seed]
            remotes:
              local: { type: process }
            steps:
              make:
                run: echo hi > out.txt
                remote: local
                consumes: [seed]
                produces: { out: out.txt, done: }
                env: { A: "1", B: two }
                timeout: 10m
                retry: { attempts: 3, backoff: 5s }
              use:
                run: [cat, out]
                remote: process
                consumes: [out, done]
            """;
        var g = new Graph("full");
        var seed = new Product("seed");
        var out_ = new Product("out");
        var done = new Product("done");
        g.Input(seed);
        new Step("make", g)
            .RunShell("echo hi > out.txt")
            .On(new RemoteDefinition { Name = "local", Type = "process" })
            .Consumes(seed)
            .Produces(out_, "out.txt")
            .Produces(done)
            .Env("A", "1")
            .Env("B", "two")
            .Timeout(TimeSpan.FromMinutes(10))
            .Retry(3, TimeSpan.FromSeconds(5));
        new ProcessRemoteSpec().Apply(new Step("use", g).Run("cat", "out").Consumes(out_, done));

        var loaded = GraphFile.Parse(yaml, "full.yaml", ProcessOnly);

        Assert.Equal(Json(loaded), Json(g.ToDefinition()));
    }

    [Fact]
    public void Validate_GraphWithProblems_ThrowsListingEach()
    {
        var g = new Graph("g");
        var p = new Product("p");
        new Step("a", g).Consumes(p);
        new Step("a", g).Produces(new Product("q"), "/abs");

        var e = Assert.Throws<GraphValidationException>(() => g.Validate(ProcessOnly));

        Assert.Equal(3, e.Problems.Count);
        Assert.All(e.Problems, problem => Assert.Null(problem.Line));
        Assert.All(e.Problems, problem => Assert.Equal("g", problem.Source));
        Assert.Contains(e.Problems, x => x.Message.Contains("step 'a' consumes 'p', which no step produces", StringComparison.Ordinal));
        Assert.Contains(e.Problems, x => x.Message.Contains("step name 'a' is used by more than one step", StringComparison.Ordinal));
        Assert.Contains(e.Problems, x => x.Message.Contains("'/abs', which is absolute", StringComparison.Ordinal));
        Assert.StartsWith("g: ", e.Problems[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidGraph_ReturnsItsDefinition()
    {
        var g = new Graph("g");
        var p = new Product("p");
        new Step("a", g).RunShell("echo > p.txt").Produces(p, "p.txt");
        new Step("b", g).Run("cat", "p").Consumes(p);

        var definition = g.Validate(ProcessOnly);

        Assert.Equal(2, definition.Steps.Count);
    }

    [Fact]
    public void Validate_RemoteSpecOfUninstalledType_ReportsIt()
    {
        var g = new Graph("g");
        new DockerLikeSpec().Apply(new Step("a", g).Run("true"));

        var e = Assert.Throws<GraphValidationException>(() => g.Validate(ProcessOnly));

        Assert.Contains("remote type 'docker' is not installed", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadRetryAndTimeoutFromCode_AreReported()
    {
        var g = new Graph("g");
        new Step("a", g).Run("true").Retry(0, TimeSpan.FromSeconds(-1)).Timeout(TimeSpan.Zero).Env("A=B", "x").Run();

        var e = Assert.Throws<GraphValidationException>(() => g.Validate(ProcessOnly));

        Assert.Equal(5, e.Problems.Count);
        Assert.Contains(e.Problems, x => x.Message.Contains("run in step 'a' is an empty list", StringComparison.Ordinal));
        Assert.Contains(e.Problems, x => x.Message.Contains("retry.attempts in step 'a' is 0", StringComparison.Ordinal));
        Assert.Contains(e.Problems, x => x.Message.Contains("retry.backoff in step 'a' is negative", StringComparison.Ordinal));
        Assert.Contains(e.Problems, x => x.Message.Contains("timeout in step 'a'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, x => x.Message.Contains("environment variable name 'A=B'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ThreeProducers_NamesAllOfThem()
    {
        var g = new Graph("g");
        var p = new Product("p");
        new Step("a", g).Produces(p);
        new Step("b", g).Produces(p);
        new Step("c", g).Produces(p);

        var e = Assert.Throws<GraphValidationException>(() => g.Validate(ProcessOnly));

        Assert.Contains("steps 'a', 'b' and 'c'", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDefinition_LaterChangesToTheStep_DoNotLeakIntoIt()
    {
        var g = new Graph("g");
        var step = new Step("a", g).Env("A", "1");
        var before = g.ToDefinition();

        step.Env("B", "2").Consumes(new Product("x"));

        Assert.Single(before.Steps[0].Env);
        Assert.Empty(before.Steps[0].Consumes);
    }

    private sealed record DockerLikeSpec : RemoteSpec
    {
        public override string Type => "docker";

        public override IReadOnlyDictionary<string, System.Text.Json.JsonElement> Settings { get; } =
            new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["image"] = System.Text.Json.JsonSerializer.SerializeToElement("busybox"),
            };
    }
}
