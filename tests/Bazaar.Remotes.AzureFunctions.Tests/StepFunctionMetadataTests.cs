using System.Reflection;
using System.Text.Json.Nodes;
using Bazaar.Examples.StepFunction;
using Bazaar.Testing;

namespace Bazaar.Remotes.AzureFunctions.Tests;

/// <summary>
/// The functions.metadata the Worker SDK generates for examples/azure-functions — what the Functions host indexes:
/// the step function and its status URL, each behind a function key, on the routes the handler's Location names.
/// </summary>
public class StepFunctionMetadataTests
{
    private static readonly IReadOnlyList<JsonObject> Functions = Read();

    [Fact]
    public void Metadata_StepFunction_PostBehindAFunctionKeyAtItsName()
    {
        var trigger = Trigger(StepFunctions.Name);

        Assert.Equal(["post"], Methods(trigger));
        Assert.Equal(StepFunctions.Name, (string?)trigger["route"]);
        Assert.Equal("function", ((string?)trigger["authLevel"])?.ToLowerInvariant());
    }

    [Fact]
    public void Metadata_StatusUrl_GetAndDeleteBehindAFunctionKeyUnderTheStepFunction()
    {
        var trigger = Trigger(StepFunctions.Name + "-status");

        Assert.Equal(["delete", "get"], Methods(trigger).Order());
        Assert.Equal(StepFunctions.Name + "/status/{id}", (string?)trigger["route"]);
        Assert.Equal("function", ((string?)trigger["authLevel"])?.ToLowerInvariant());
    }

    [Fact]
    public void Metadata_OnlyTheTwoFunctions()
    {
        Assert.Equal([StepFunctions.Name, StepFunctions.Name + "-status"], Functions.Select(f => (string)f["name"]!).Order());
    }

    private static JsonObject Trigger(string name)
    {
        var function = Assert.Single(Functions, f => (string?)f["name"] == name);
        return Assert.Single(function["bindings"]!.AsArray().Select(b => b!.AsObject()), b => (string?)b["type"] == "httpTrigger");
    }

    private static List<string> Methods(JsonObject trigger) => [.. trigger["methods"]!.AsArray().Select(m => ((string)m!).ToLowerInvariant())];

    private static List<JsonObject> Read()
    {
        var configuration = typeof(StepFunctionMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var file = RepositoryRoot.Combine(Path.Combine("examples", "azure-functions", "bin", configuration, framework, "functions.metadata"));
        return [.. JsonNode.Parse(File.ReadAllText(file))!.AsArray().Select(f => f!.AsObject())];
    }
}
