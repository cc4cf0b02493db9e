using Bazaar.Graphs;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

public class GraphSecretsTests
{
    [Fact]
    public void Parse_StepWithSecrets_KeepsTheNamesInOrder()
    {
        var graph = GraphFile.Parse("name: g\nsteps:\n  a: { run: [true], secrets: [API_TOKEN, _other2] }\n", "g.yaml", ProcessOnly);

        Assert.Equal(["API_TOKEN", "_other2"], graph.Steps[0].Secrets);
    }

    [Theory]
    [InlineData("[1TOKEN]", "'1TOKEN'")]
    [InlineData("[A=B]", "'A=B'")]
    [InlineData("['has space']", "'has space'")]
    public void Parse_SecretNameNotAVariableName_ReportsIt(string secrets, string fragment)
    {
        var problem = Assert.Single(Problems($"name: g\nsteps:\n  a:\n    run: [true]\n    secrets: {secrets}\n"));

        Assert.Contains(fragment, problem.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid environment variable name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SecretAlsoUnderEnv_ReportsThatItsValueComesFromTheHost()
    {
        var problem = Assert.Single(Problems("name: g\nsteps:\n  a:\n    run: [true]\n    env: { TOKEN: abc }\n    secrets: [TOKEN]\n"));

        Assert.Contains("host's environment", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SecretsNotAList_ReportsTheShape()
    {
        var problem = Assert.Single(Problems("name: g\nsteps:\n  a: { run: [true], secrets: TOKEN }\n"));

        Assert.Contains("secrets in step 'a'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_Secret_AppearsInTheDefinitionOnce()
    {
        var g = new Graph("g");
        new Step("s", g).Run("true").Secret("TOKEN").Secret("TOKEN");

        Assert.Equal(["TOKEN"], g.ToDefinition().Steps[0].Secrets);
    }
}
