using System.Text.Json.Nodes;
using Bazaar.Http;
using Bazaar.Orchestration;

namespace Bazaar.Functions.Tests;

/// <summary>
/// Checks the functions.metadata the Worker SDK generates — what the Functions host actually
/// indexes — against the route table and the task names, so an entry point cannot drift from them.
/// </summary>
public class FunctionsMetadataTests
{
    private static readonly string[] CommonMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private static readonly string[] UiFunctions = ["UiPage", "UiRoot"];

    private static readonly IReadOnlyList<JsonObject> Functions =
        FunctionAppOutput.ReadJson("functions.metadata").AsArray().Select(f => f!.AsObject()).ToList();

    public static TheoryData<string> RouteNames => [.. ApiRoutes.All.Select(r => r.Name)];

    public static TheoryData<string> Templates => [.. ApiRoutes.All.Select(r => r.Template).Distinct()];

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void Metadata_ApiRoute_HasFunctionWithExactlyThatMethodRouteAndFunctionKeyUnlessAnonymous(string name)
    {
        var route = ApiRoutes.All.Single(r => r.Name == name);
        var function = Assert.Single(Functions, f => (string?)f["name"] == name);
        var trigger = Assert.Single(HttpTriggers(function));

        Assert.Equal([route.Method], Methods(trigger));
        Assert.Equal($"{ApiRoutes.Prefix}/{route.Template}", (string?)trigger["route"]);
        Assert.Equal(route.Anonymous ? "anonymous" : "function", ((string?)trigger["authLevel"])?.ToLowerInvariant());
        Assert.Contains(Bindings(function), b => (string?)b["type"] == "durableClient");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Metadata_Template_EveryOtherCommonMethodReachesOneFunction(string template)
    {
        var route = $"{ApiRoutes.Prefix}/{template}";
        var triggers = Functions.SelectMany(HttpTriggers).Where(t => (string?)t["route"] == route).ToList();
        var methods = triggers.SelectMany(Methods).ToList();

        // Each common method on the template reaches exactly one function: the API's own, or a 405.
        Assert.Equal(CommonMethods.Order(), methods.Order());
        var others = CommonMethods.Except(ApiRoutes.MethodsOf(template)).ToList();
        var notAllowed = Assert.Single(Functions, f => HttpTriggers(f).Any(t => (string?)t["route"] == route && Methods(t).SequenceEqual(others)));
        Assert.EndsWith("MethodNotAllowed", (string?)notAllowed["name"], StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_HttpFunctions_AreOnlyTheApiRoutesTheirMethodNotAllowedAndTheUi()
    {
        var http = Functions.Where(f => HttpTriggers(f).Any()).Select(f => (string)f["name"]!).ToList();
        var expected = ApiRoutes.All.Select(r => r.Name).Concat(http.Where(n => n.EndsWith("MethodNotAllowed", StringComparison.Ordinal))).Concat(UiFunctions);

        Assert.Equal(expected.Order(), http.Order());
        Assert.Equal(ApiRoutes.All.Select(r => r.Template).Distinct().Count(), http.Count - ApiRoutes.All.Count - UiFunctions.Length);
    }

    [Fact]
    public void Metadata_ApiFunctions_AllUnderTheApiPrefix_SoTheirAddressesDoNotChangeWithAnEmptyRoutePrefix()
    {
        var routes = Functions.Where(f => !UiFunctions.Contains((string?)f["name"])).SelectMany(HttpTriggers).Select(t => (string?)t["route"]).ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.StartsWith(ApiRoutes.Prefix + "/", r, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UiRoot", "{root:maxlength(0)?}")]
    [InlineData("UiPage", "ui/{*path}")]
    public void Metadata_UiFunction_AnonymousGetOnItsRouteWithoutDurableClient(string name, string route)
    {
        var function = Assert.Single(Functions, f => (string?)f["name"] == name);
        var trigger = Assert.Single(HttpTriggers(function));

        Assert.Equal(["GET"], Methods(trigger));
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal("anonymous", ((string?)trigger["authLevel"])?.ToLowerInvariant());
        Assert.DoesNotContain(Bindings(function), b => (string?)b["type"] == "durableClient");
    }

    [Fact]
    public void Metadata_HttpTriggers_OnlyTheCallbackRouteAndTheUiAreAnonymous()
    {
        var anonymous = Functions.SelectMany(HttpTriggers).Where(t => ((string?)t["authLevel"])?.ToLowerInvariant() != "function").ToList();

        // Agents hold an attempt's token, not a function key; the page's files hold no data, and every API call
        // the page makes carries the key. Everything else needs the key.
        Assert.Equal([ApiRoutes.Callback], ApiRoutes.All.Where(r => r.Anonymous).Select(r => r.Template));
        Assert.Equal(2 + UiFunctions.Length, anonymous.Count);
        Assert.All(anonymous, t => Assert.Equal("anonymous", ((string?)t["authLevel"])?.ToLowerInvariant()));
        Assert.Equal(
            [$"{ApiRoutes.Prefix}/{ApiRoutes.Callback}", $"{ApiRoutes.Prefix}/{ApiRoutes.Callback}", "ui/{*path}", "{root:maxlength(0)?}"],
            anonymous.Select(t => (string)t["route"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metadata_CallbackRoute_IsWhereCallHomeEndpointsPoint()
    {
        // CallbackTokens.CreateCallHome builds the agents' URLs from CallHomeEvents.Path; the route must be there.
        Assert.Equal(CallHome.CallHomeEvents.Path + "/{event}", $"{ApiRoutes.Prefix}/{ApiRoutes.Callback}");
    }

    [Fact]
    public void Metadata_Orchestrators_AreRunGraphAndItsShardEachWithAnOrchestrationTrigger()
    {
        var orchestrators = Functions.Where(f => Bindings(f).Any(b => (string?)b["type"] == "orchestrationTrigger")).ToList();

        Assert.Equal([BazaarTasks.RunGraph, BazaarTasks.RunShard], orchestrators.Select(f => (string)f["name"]!).Order(StringComparer.Ordinal));
        Assert.All(orchestrators, f => Assert.Equal(["orchestrationTrigger"], Bindings(f).Select(b => (string?)b["type"])));
    }

    [Fact]
    public void Metadata_Activities_AreBazaarsTasksEachWithAnActivityTriggerAndPurgeShardWithADurableClient()
    {
        var activities = Functions.Where(f => Bindings(f).Any(b => (string?)b["type"] == "activityTrigger")).ToDictionary(f => (string)f["name"]!);

        Assert.Equal([BazaarTasks.DescribeCallHomeJob, BazaarTasks.ExecuteStep, BazaarTasks.PurgeShard, BazaarTasks.SaveShardResult], activities.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["activityTrigger"], Bindings(activities[BazaarTasks.DescribeCallHomeJob]).Select(b => (string?)b["type"]));
        Assert.Equal(["activityTrigger"], Bindings(activities[BazaarTasks.ExecuteStep]).Select(b => (string?)b["type"]));
        Assert.Equal(["activityTrigger"], Bindings(activities[BazaarTasks.SaveShardResult]).Select(b => (string?)b["type"]));
        Assert.Equal(["activityTrigger", "durableClient"], Bindings(activities[BazaarTasks.PurgeShard]).Select(b => (string?)b["type"]));
    }

    private static IEnumerable<JsonObject> Bindings(JsonObject function) =>
        function["bindings"]!.AsArray().Select(b => b!.AsObject());

    private static IEnumerable<JsonObject> HttpTriggers(JsonObject function) =>
        Bindings(function).Where(b => (string?)b["type"] == "httpTrigger");

    private static IEnumerable<string> Methods(JsonObject trigger) =>
        trigger["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant());
}
