using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Remotes.AzureFunctions.Tests;

/// <summary>
/// A graph cannot send the host's key elsewhere nor bring a key of its own: such settings are refused by the
/// validator and, when a graph reaches the host unvalidated, when the step runs — before any call.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class AzureFunctionsRemoteSettingsTests(FunctionsFixture fixture)
{
    private static readonly HashSet<string> Types = ["process", "azure-functions"];

    public static string? MissingBackend => TestRequirements.MissingAzurite;

    public static TheoryData<string, string> Refused => new()
    {
        { "{ \"function\": \"bazaar-step\", \"key\": \"stolen\" }", "never holds the function's key" },
        { "{ \"function\": \"bazaar-step\", \"functionKey\": \"stolen\" }", "never holds the function's key" },
        { "{ \"url\": \"{base}bazaar-step?code=stolen\" }", "carries a key" },
        { "{ \"url\": \"{base}bazaar-step\" }", "not under a URL this host allows" },
        { "{ \"url\": \"https://elsewhere.example/api/bazaar-step\" }", "not under a URL this host allows" },
        { "{ \"url\": \"http://elsewhere.example/api/bazaar-step\" }", "http on a host that is not loopback" },
        { "{ \"function\": \"../admin\" }", "not a function name" },
        { "{ \"function\": \"bazaar-step\", \"url\": \"{base}bazaar-step\" }", "not both" },
        { "{ }", "needs function:" },
    };

    [BackendTheory]
    [MemberData(nameof(Refused))]
    public async Task Settings_KeyOrPlaceTheHostDoesNotAllow_RefusedByTheValidatorAndWhenRunWithoutAnyCall(string settings, string expected)
    {
        var remote = Definition(settings.Replace("{base}", fixture.Functions.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        using var functions = fixture.CreateRemote();

        var problems = functions.ValidateSettings(remote).ToList();

        Assert.Contains(problems, p => p.Message.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Message.Contains("stolen", StringComparison.Ordinal));

        // The same graph run on the host without validation: the step fails before anything is called.
        var before = fixture.Functions.Calls.Count;
        var graph = new GraphDefinition
        {
            Name = "refused",
            Steps = [new StepDefinition { Name = "far", Run = StepCommand.FromShell("echo never"), Remote = remote }],
        };
        var result = await DurableRuns.RunAsync(fixture.Host, graph, new RunOptions(), timeout: TimeSpan.FromSeconds(60));

        var far = Assert.Single(result.Steps);
        Assert.Equal((StepState.Failed, FailureKind.Misconfigured), (far.State, far.Failure));
        Assert.Contains(expected, far.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("stolen", far.Error, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Functions.Calls.Count);
    }

    [BackendFact]
    public void Settings_UrlUnderAnAllowedUrl_Accepted()
    {
        using var functions = fixture.CreateRemote(o => o.AllowedUrls.Add(fixture.Functions.BaseUrl));

        Assert.Empty(functions.ValidateSettings(Definition($"{{ \"url\": \"{fixture.Functions.BaseUrl}bazaar-step\" }}")));
        Assert.Empty(functions.ValidateSettings(Definition("{ \"function\": \"bazaar-step\" }")));
    }

    [BackendFact]
    public void Settings_FunctionNameOnAHostWithoutABaseUrl_ValidHereRefusedWhereItRuns()
    {
        using var functions = fixture.CreateRemote(o => o.BaseUrl = null);

        // A graph validated on a laptop may run where the base URL is set; where it is not, the step says so.
        Assert.Empty(functions.ValidateSettings(Definition("{ \"function\": \"bazaar-step\" }")));
    }

    private static RemoteDefinition Definition(string json) => new()
    {
        Type = "azure-functions",
        Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!,
    };
}
