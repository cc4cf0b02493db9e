using System.Text;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.Testing;

/// <content>
/// The product cases, through a real durable host as a run goes: inputs in and outputs out, a declared
/// output the step does not make, and product names and paths that try to leave their place, refused by
/// the graph API before anything runs and, in a definition that never met it, not collected.
/// </content>
public abstract partial class RemoteConformanceTests
{
    /// <summary>How long one run of these cases may take: the Lambda emulator starts a handler per call.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Product names and declared paths that try to leave their place: a blob name outside the run's
    /// folder, a path outside the step's workspace. Each row: where the name appears, the name, the path.
    /// </summary>
    /// <returns>The rows.</returns>
    public static TheoryData<string, string, string> HostileProducts() => new()
    {
        { "produces", "../escape", "out.txt" },
        { "produces", "a/b", "out.txt" },
        { "produces", "..", "out.txt" },
        { "produces", new string('a', 65), "out.txt" },
        { "produces", "loot", "../outside.txt" },
        { "produces", "loot", "a/../../outside.txt" },
        { "produces", "loot", "..\\outside.txt" },
        { "produces", "loot", "/etc/hostname" },
        { "produces", "loot", "C:/Windows/win.ini" },
        { "produces", "loot", "./" },
        { "consumes", "../../secrets", string.Empty },
    };

    /// <summary>
    /// Outputs a step declares where Bazaar must not collect from, in a definition that skipped the graph
    /// API (built in code and scheduled straight on the durable client): a host file through '..' or an
    /// absolute path, and names that would put a product's blob outside the run. Each row: the name, the path.
    /// </summary>
    /// <returns>The rows.</returns>
    public static TheoryData<string, string> UncollectableOutputs() => new()
    {
        { "loot", "../../../../../../../../../../../../etc/hostname" },
        { "loot", "/etc/hostname" },
        { "../loot", "loot.txt" },
        { "a/b", "loot.txt" },
    };

    [BackendFact]
    public async Task Run_StepCopiesItsInput_OutputHoldsTheInputAndNamesTheRemote()
    {
        using var input = new TempDirectory();
        input.Write("source.txt", "payload");
        var graph = this.Valid(
            ["source"],
            new StepDefinition { Name = "copy", Run = this.Copy("source", "copy.txt"), Consumes = ["source"], Produces = [new("copied", "copy.txt")] });

        var result = await DurableRuns.RunAsync(this.Host, graph, inputs: new Dictionary<string, string> { ["source"] = input["source.txt"] }, timeout: RunTimeout);

        var step = Assert.Single(result.Steps);
        Assert.True(step.State == StepState.Succeeded, $"{step.State}: {step.Error}");
        Assert.Equal(this.Remote.Type, step.Remote);
        var copied = Assert.Single(step.Products);
        Assert.Equal("copied", copied.Name);
        Assert.Equal(this.Remote.Type, copied.Producer.Remote);
        Assert.Equal("payload", await this.ReadTextAsync(copied));
    }

    [BackendFact]
    public async Task Run_StepDoesNotMakeADeclaredOutput_FailsNamingItAndPublishesNothing()
    {
        var graph = this.Valid(
            [],
            new StepDefinition { Name = "forget", Run = this.Write("made.txt", "made"), Produces = [new("made", "made.txt"), new("ghost", "ghost.txt")] },
            new StepDefinition { Name = "after", Run = this.PrintEach("after"), Consumes = ["made"] });

        var result = await DurableRuns.RunAsync(this.Host, graph, timeout: RunTimeout);

        var forget = result.Steps.Single(s => s.Step == "forget");
        Assert.Equal(StepState.Failed, forget.State);
        Assert.Contains("Step 'forget' succeeded", forget.Error, StringComparison.Ordinal);
        Assert.Contains("declared product 'ghost' at 'ghost.txt'", forget.Error, StringComparison.Ordinal);
        Assert.Contains("fix the path under produces:", forget.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'made'", forget.Error, StringComparison.Ordinal);
        Assert.Empty(forget.Products);
        Assert.Null(await this.Host.Services.GetRequiredService<IProductRefs>().GetAsync(result.RunId, "made", TestTimeout.Token()));
        Assert.Equal(StepState.Skipped, result.Steps.Single(s => s.Step == "after").State);
    }

    [BackendTheory]
    [MemberData(nameof(HostileProducts))]
    public void Validate_HostileProductNameOrPath_RefusedNamingTheStepBeforeAnythingRuns(string where, string name, string path)
    {
        // A graph file as `bazaar validate`, `bazaar run` and the HTTP API read it, the step on this remote.
        var product = where == "produces" ? $"{{ {Yaml(name)}: {Yaml(path)} }}" : $"[{Yaml(name)}]";
        var yaml = $"""
            name: hostile
            steps:
              plant:
                run: {Yaml(this.Write("planted.txt", "planted"))}
                remote: {Yaml(this.RemoteSettings())}
                {where}: {product}
            """;

        var error = Assert.Throws<GraphValidationException>(() => GraphFile.Parse(yaml, "hostile.yaml", this.InstalledRemotes()));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(6, problem.Line);
        Assert.Contains("step 'plant'", problem.Message, StringComparison.Ordinal);
        var offending = where == "produces" && name == "loot" ? path : name;
        Assert.Contains($"'{offending}'", problem.Message, StringComparison.Ordinal);
    }

    [BackendTheory]
    [MemberData(nameof(UncollectableOutputs))]
    public async Task Run_DefinitionThatSkippedValidation_HostileOutputIsNotCollected(string name, string path)
    {
        var graph = new GraphDefinition
        {
            Name = "unchecked",
            Steps = [new StepDefinition { Name = "plant", Run = this.Write("loot.txt", "planted"), Remote = this.Remote, Produces = [new(name, path)] }],
        };
        Assert.NotEmpty(GraphValidator.Validate(graph, this.InstalledRemotes()));

        var result = await DurableRuns.RunAsync(this.Host, graph, timeout: RunTimeout);

        var step = Assert.Single(result.Steps);
        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains($"'{name}'", step.Error, StringComparison.Ordinal);
        Assert.Empty(step.Products);
        await foreach (var stored in this.Host.Services.GetRequiredService<IProductRefs>().ListProductsAsync(result.RunId, TestTimeout.Token()))
        {
            Assert.Fail($"run {result.RunId} stored product '{stored.Name}'");
        }
    }

    /// <summary>Gets the remote types of <see cref="Host"/>, with their settings validators, as the graph API checks against.</summary>
    /// <returns>The installed remotes.</returns>
    protected RemoteTypeSet InstalledRemotes() => new(this.Host.Services.GetServices<IRemote>());

    private static string Yaml<T>(T value) => JsonSerializer.Serialize(value);

    private static string Yaml(StepCommand command) => command.Shell is { } shell ? Yaml(shell) : Yaml(command.Args);

    private Dictionary<string, JsonElement> RemoteSettings() =>
        new(this.Remote.Settings, StringComparer.Ordinal) { ["type"] = JsonSerializer.SerializeToElement(this.Remote.Type) };

    /// <summary>A graph of steps on the remote under test, checked to be one the graph API accepts.</summary>
    private GraphDefinition Valid(IReadOnlyList<string> inputs, params StepDefinition[] steps)
    {
        var graph = new GraphDefinition { Name = "conformance", Inputs = inputs, Steps = [.. steps.Select(s => s with { Remote = this.Remote })] };
        var problems = GraphValidator.Validate(graph, this.InstalledRemotes());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return graph;
    }

    private async Task<string> ReadTextAsync(ProductRef product)
    {
        await using var stream = await this.Host.Services.GetRequiredService<IContentStore>().OpenReadAsync(product, TestTimeout.Token());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestTimeout.Token());
    }
}
