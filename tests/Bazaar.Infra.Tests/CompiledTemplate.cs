using System.Text.Json.Nodes;

namespace Bazaar.Infra.Tests;

/// <summary>infra/main.bicep compiled once by the real Bicep CLI, with its nested module templates flattened for the tests.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public JsonObject Root { get; private set; } = null!;

    public string Text { get; private set; } = string.Empty;

    public string Diagnostics { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var outcome = await Bicep.RunAsync("build", "infra/main.bicep", "--stdout");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        this.Diagnostics = outcome.Stderr;
        this.Text = outcome.Stdout;
        this.Root = JsonNode.Parse(outcome.Stdout)!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Gets the template of the module deployed under <paramref name="name"/>.</summary>
    public JsonObject Module(string name) =>
        Resources(this.Root).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name)["properties"]!["template"]!.AsObject();

    /// <summary>Gets the module deployment resource itself (its condition, its parameters).</summary>
    public JsonObject Deployment(string name) =>
        Resources(this.Root).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);

    /// <summary>Gets every resource of a type, from main and every module.</summary>
    public IReadOnlyList<JsonObject> All(string type) => Flatten(this.Root).Where(r => (string?)r["type"] == type).ToList();

    /// <summary>Gets the one resource of a type.</summary>
    public JsonObject One(string type) => Assert.Single(this.All(type));

    private static IEnumerable<JsonObject> Flatten(JsonObject template)
    {
        foreach (var resource in Resources(template))
        {
            yield return resource;
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    // Symbolic-name templates (languageVersion 2.0) hold resources in an object; the classic form in an array.
    private static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };
}
