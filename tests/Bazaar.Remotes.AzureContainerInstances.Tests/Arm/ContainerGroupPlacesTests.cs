using System.Net;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.AzureContainerInstances.Tests.Arm;

/// <summary>
/// Where a graph may make container groups and which identity it may lend them: only what the host lists
/// (its own resource group, BAZAAR_ACI_RESOURCE_GROUPS, BAZAAR_ACI_IDENTITIES). Each test performs the reach
/// and checks nothing was asked of ARM. And the janitor's listing, which looks in the same places.
/// </summary>
public sealed class ContainerGroupPlacesTests : IDisposable
{
    private const string OtherSubscription = "00000000-0000-0000-0000-0000000000bb";
    private const string Identity = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deployer";
    private readonly RecordingArm arm = new();
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData("""{ "resourceGroup": "production" }""", "resource group 'production'")]
    [InlineData("""{ "subscription": "00000000-0000-0000-0000-0000000000bb" }""", "subscription 00000000-0000-0000-0000-0000000000bb")]
    public async Task Submit_ResourceGroupTheHostDoesNotAllow_MisconfiguredAndArmNeverCalled(string settings, string named)
    {
        using var remote = this.arm.CreateRemote();
        var context = this.Context(settings);

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("BAZAAR_ACI_RESOURCE_GROUPS", error.Message, StringComparison.Ordinal);
        Assert.Empty(this.arm.Requests);
    }

    [Fact]
    public async Task Submit_IdentityTheHostDoesNotList_MisconfiguredAndArmNeverCalled()
    {
        using var remote = this.arm.CreateRemote();
        var context = this.Context($$"""{ "identity": "{{Identity}}" }""");

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("BAZAAR_ACI_IDENTITIES", error.Message, StringComparison.Ordinal);
        Assert.Empty(this.arm.Requests);
    }

    [Fact]
    public async Task Submit_ResourceGroupsTheHostLists_CreatedThere()
    {
        this.arm.Then(HttpStatusCode.NotFound).Then(HttpStatusCode.Created).Then(HttpStatusCode.NotFound).Then(HttpStatusCode.Created);
        using var remote = this.arm.CreateRemote(
            o => o.ResourceGroups.Add($"{OtherSubscription}/shared-builds"),
            new Dictionary<string, string> { ["BAZAAR_ACI_RESOURCE_GROUPS"] = "Nightly, other", ["BAZAAR_ACI_IDENTITIES"] = Identity });
        var nightly = this.Context($$"""{ "resourceGroup": "nightly", "identity": "{{Identity.ToUpperInvariant()}}" }""");
        var shared = this.Context($$"""{ "subscription": "{{OtherSubscription}}", "resourceGroup": "shared-builds" }""");

        await remote.SubmitAsync(nightly, Request(nightly), TestTimeout.Token());
        await remote.SubmitAsync(shared, Request(shared), TestTimeout.Token());

        Assert.Equal("PUT", this.arm.Requests[1].Method);
        Assert.Contains($"/subscriptions/{RecordingArm.Subscription}/resourceGroups/nightly/", this.arm.Requests[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains($"/subscriptions/{OtherSubscription}/resourceGroups/shared-builds/", this.arm.Requests[3].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAndDescribe_InAResourceGroupTheHostDoesNotAllow_RefusedBeforeAnyCall()
    {
        using var remote = this.arm.CreateRemote();
        var job = ContainerGroupTarget.NameFor("r", "s", 1);

        await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.DeleteAsync(Remote("""{ "resourceGroup": "production" }"""), job, TestTimeout.Token()));
        await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.DescribeAsync(Remote("""{ "resourceGroup": "production" }"""), job, TestTimeout.Token()));

        Assert.Empty(this.arm.Requests);
    }

    [Fact]
    public async Task List_EveryAllowedGroupPageByPage_KeepsOnlyGroupsBazaarMadeAndTagged()
    {
        var first = ContainerGroupTarget.NameFor("run-1", "build", 1);
        var second = ContainerGroupTarget.NameFor("run-2", "test", 3);
        var untagged = ContainerGroupTarget.NameFor("run-3", "x", 1);
        const string Tags = """{ "bazaar-run": "run-1", "bazaar-step": "build", "bazaar-attempt": "1" }""";
        this.arm
            .Then(HttpStatusCode.OK, $$"""{ "value": [ {{ContainerGroupAnswers.Running(first, Tags)}}, {{ContainerGroupAnswers.Running("someone-elses", Tags)}} ], "nextLink": "https://management.azure.com/next-page?token=2" }""")
            .Then(HttpStatusCode.OK, $$"""{ "value": [ {{ContainerGroupAnswers.Group(second, "Succeeded", "Succeeded", """{ "state": "Terminated", "exitCode": 0 }""", """{ "bazaar-run": "run-2", "bazaar-step": "test", "bazaar-attempt": "3" }""")}}, {{ContainerGroupAnswers.Running(untagged)}} ] }""")
            .Then(HttpStatusCode.NotFound, """{"error":{"code":"ResourceGroupNotFound","message":"gone"}}""");
        using var remote = this.arm.CreateRemote(o => o.ResourceManagerEndpoint = new Uri("https://management.azure.com/"), new Dictionary<string, string> { ["BAZAAR_ACI_RESOURCE_GROUPS"] = "removed" });

        var found = await Collect(remote.ListAsync(TestTimeout.Token()));

        Assert.Equal(
            [(first, "run-1", "build", 1, CallHomeJobState.Running), (second, "run-2", "test", 3, CallHomeJobState.Ended)],
            found.Select(f => (f.Job, f.RunId, f.Step, f.Attempt, f.State)));
        Assert.Equal(
            [
                $"/subscriptions/{RecordingArm.Subscription}/resourceGroups/{RecordingArm.ResourceGroup}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01",
                "/next-page?token=2",
                $"/subscriptions/{RecordingArm.Subscription}/resourceGroups/removed/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01",
            ],
            this.arm.Requests.Select(r => r.PathAndQuery));

        // What the janitor deletes with addresses the group it found.
        this.arm.Then(HttpStatusCode.NoContent);
        await remote.DeleteAsync(found[0].Remote, found[0].Job, TestTimeout.Token());
        Assert.Equal($"/subscriptions/{RecordingArm.Subscription}/resourceGroups/{RecordingArm.ResourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/{first}?api-version=2023-05-01", this.arm.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task List_NextLinkOnAnotherHost_NotFollowedWithTheToken()
    {
        this.arm.Then(HttpStatusCode.OK, """{ "value": [], "nextLink": "https://attacker.example/steal" }""");
        using var remote = this.arm.CreateRemote(o => o.ResourceManagerEndpoint = new Uri("https://management.azure.com/"));

        var found = await Collect(remote.ListAsync(TestTimeout.Token()));

        Assert.Empty(found);
        Assert.Single(this.arm.Requests);
    }

    public void Dispose()
    {
        this.arm.Dispose();
        this.temp.Dispose();
    }

    private static async Task<List<CallHomeLeftover>> Collect(IAsyncEnumerable<CallHomeLeftover> leftovers)
    {
        var found = new List<CallHomeLeftover>();
        await foreach (var leftover in leftovers)
        {
            found.Add(leftover);
        }

        return found;
    }

    private static RemoteDefinition Remote(string settings) => new()
    {
        Type = "azure-container-instances",
        Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settings)!,
    };

    private StepContext Context(string settings) => TestStepContext.Create(
        new StepDefinition { Name = "far", Run = StepCommand.FromArgs("true"), Remote = Remote(settings) },
        new FakeStepWorkspace(this.temp.Path),
        new RecordingStepLog());

    private static RemoteStepRequest Request(StepContext context) => new()
    {
        RunId = context.RunId,
        Step = context.Step.Name,
        Attempt = context.Attempt,
        Run = JsonSerializer.SerializeToElement(new[] { "true" }),
        Env = context.Environment,
        Inputs = new Dictionary<string, RemoteStepInput>(),
        Outputs = new Dictionary<string, RemoteStepOutput>(),
        Deadline = DateTimeOffset.UtcNow.AddMinutes(5),
        CallHome = new RemoteStepCallHome(
            new CallHomeEndpoint(new Uri("https://bazaar.example/api/callbacks/started"), "t1"),
            new CallHomeEndpoint(new Uri("https://bazaar.example/api/callbacks/done"), "t2")),
    };
}
