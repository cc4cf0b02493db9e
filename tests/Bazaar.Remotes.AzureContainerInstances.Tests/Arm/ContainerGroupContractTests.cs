using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.AzureContainerInstances.Tests.Arm;

/// <summary>
/// The requests Bazaar sends to Azure Resource Manager, checked against the shapes of the published REST
/// specification for container groups (<see cref="ContainerGroupShapes"/>), and how ARM's answers — shaped on
/// its published examples (<see cref="ContainerGroupAnswers"/>) — are read. Azure.Core's real pipeline runs;
/// only the socket is replaced.
/// </summary>
public sealed class ContainerGroupContractTests : IDisposable
{
    private const string Base = $"/subscriptions/{RecordingArm.Subscription}/resourceGroups/{RecordingArm.ResourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/";
    private readonly RecordingArm arm = new();
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Submit_NewAttempt_LooksUpThenPutsAGroupThatFitsTheSpecification()
    {
        this.arm.Then(HttpStatusCode.NotFound, """{"error":{"code":"ResourceNotFound","message":"The Resource ... was not found."}}""")
            .Then(HttpStatusCode.Created, "{}", ("Azure-AsyncOperation", "https://management.azure.com/operations/1"));
        using var remote = this.arm.CreateRemote();
        var context = this.Context("""{ "cpu": 2, "memoryInGB": 3.5, "location": "West Europe" }""");

        var job = await remote.SubmitAsync(context, Request(context), TestTimeout.Token());

        Assert.Equal(ContainerGroupTarget.NameFor("run-test", "far", 1), job);
        Assert.Matches("^bazaar-[0-9a-f]{32}$", job);
        var (get, put) = (this.arm.Requests[0], this.arm.Requests[1]);
        Assert.Equal(("GET", $"{Base}{job}?api-version=2023-05-01"), (get.Method, get.PathAndQuery));
        Assert.Equal(("PUT", $"{Base}{job}?api-version=2023-05-01", "*"), (put.Method, put.PathAndQuery, put.IfNoneMatch));
        Assert.Equal("Bearer arm-token", put.Authorization);
        var body = JsonNode.Parse(put.Body!)!;
        Assert.Empty(ContainerGroupShapes.Problems(body));
        Assert.Equal("westeurope", (string?)body["location"]);
        Assert.Equal("Never", (string?)body["properties"]!["restartPolicy"]);
        Assert.Equal("Linux", (string?)body["properties"]!["osType"]);
        var container = body["properties"]!["containers"]![0]!["properties"]!;
        Assert.Equal("bazaarcr.azurecr.io/bazaar-agent:1", (string?)container["image"]);
        Assert.Equal((2.0, 3.5), ((double)container["resources"]!["requests"]!["cpu"]!, (double)container["resources"]!["requests"]!["memoryInGB"]!));
        var variable = Assert.Single(container["environmentVariables"]!.AsArray())!;
        Assert.Equal("BAZAAR_AGENT_REQUEST", (string?)variable["name"]);
        Assert.Null(variable["value"]); // secureValue only: ACI never shows it back
        var sent = JsonSerializer.Deserialize<RemoteStepRequest>((string)variable["secureValue"]!, RemoteStepProtocol.Json)!;
        Assert.Equal(("run-test", "far", 1, "https://bazaar.example/api/callbacks/done"), (sent.RunId, sent.Step, sent.Attempt, sent.CallHome!.Done.Url.AbsoluteUri));
        Assert.Equal("run-test", (string?)body["tags"]!["bazaar-run"]);
        Assert.Equal("far", (string?)body["tags"]!["bazaar-step"]);
        Assert.Equal("1", (string?)body["tags"]!["bazaar-attempt"]);
        Assert.Null(body["identity"]);
        Assert.Null(body["properties"]!["imageRegistryCredentials"]);
    }

    [Fact]
    public async Task Submit_IdentityAndRegistry_UserAssignedIdentityAndCredentialsFitTheSpecification()
    {
        const string Identity = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/puller";
        this.arm.Then(HttpStatusCode.NotFound).Then(HttpStatusCode.Created);
        using var remote = this.arm.CreateRemote(environment: new Dictionary<string, string> { ["BAZAAR_SHAREABLE_SECRETS"] = "ACR_PASSWORD", ["ACR_PASSWORD"] = "pa55", ["BAZAAR_ACI_IDENTITIES"] = Identity });
        var context = this.Context($$"""{ "identity": "{{Identity}}", "registry": { "server": "private.azurecr.io", "username": "pull", "passwordSecret": "ACR_PASSWORD" } }""");

        await remote.SubmitAsync(context, Request(context), TestTimeout.Token());

        var body = JsonNode.Parse(this.arm.Requests[1].Body!)!;
        Assert.Empty(ContainerGroupShapes.Problems(body));
        Assert.Equal("UserAssigned", (string?)body["identity"]!["type"]);
        Assert.NotNull(body["identity"]!["userAssignedIdentities"]![Identity]);
        var registry = Assert.Single(body["properties"]!["imageRegistryCredentials"]!.AsArray())!;
        Assert.Equal(("private.azurecr.io", "pull", "pa55"), ((string?)registry["server"], (string?)registry["username"], (string?)registry["password"]));
    }

    [Fact]
    public async Task Submit_RegistryPasswordTheHostDoesNotShare_MisconfiguredAndNothingCreated()
    {
        this.arm.Then(HttpStatusCode.NotFound);
        using var remote = this.arm.CreateRemote(environment: new Dictionary<string, string> { ["BAZAAR_STORAGE"] = "AccountKey=host-secret" });
        var context = this.Context("""{ "registry": { "server": "private.azurecr.io", "username": "pull", "passwordSecret": "BAZAAR_STORAGE" } }""");

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("BAZAAR_SHAREABLE_SECRETS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(this.arm.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Submit_GroupAlreadyThere_AdoptedWithoutASecondPut()
    {
        var name = ContainerGroupTarget.NameFor("run-test", "far", 1);
        this.arm.Then(HttpStatusCode.OK, ContainerGroupAnswers.Running(name, """{ "bazaar-run": "run-test", "bazaar-step": "far", "bazaar-attempt": "1" }"""));
        using var remote = this.arm.CreateRemote();
        var context = this.Context("{}");

        var job = await remote.SubmitAsync(context, Request(context), TestTimeout.Token());

        Assert.Equal(name, job);
        Assert.Equal(["GET"], this.arm.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Submit_SameNameTaggedForAnotherAttempt_RefusedAndLeftAlone()
    {
        var name = ContainerGroupTarget.NameFor("run-test", "far", 1);
        this.arm.Then(HttpStatusCode.OK, ContainerGroupAnswers.Running(name, """{ "bazaar-run": "other", "bazaar-step": "far", "bazaar-attempt": "1" }"""));
        using var remote = this.arm.CreateRemote();
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Contains("is not this attempt's", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET"], this.arm.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Submit_PutRacesAnotherTry_412IsTheSameJob()
    {
        this.arm.Then(HttpStatusCode.NotFound).Then(HttpStatusCode.PreconditionFailed, """{"error":{"code":"PreconditionFailed","message":"exists"}}""");
        using var remote = this.arm.CreateRemote();
        var context = this.Context("{}");

        var job = await remote.SubmitAsync(context, Request(context), TestTimeout.Token());

        Assert.Equal(ContainerGroupTarget.NameFor("run-test", "far", 1), job);
    }

    [Fact]
    public async Task Submit_Throttled_TriedAgainAfterRetryAfterThenCreated()
    {
        this.arm.Then(HttpStatusCode.NotFound)
            .Then(HttpStatusCode.TooManyRequests, """{"error":{"code":"TooManyRequests","message":"slow down"}}""", ("Retry-After", "1"))
            .Then(HttpStatusCode.Created);
        using var remote = this.arm.CreateRemote();
        var context = this.Context("{}");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await remote.SubmitAsync(context, Request(context), TestTimeout.Token());

        Assert.Equal(["GET", "PUT", "PUT"], this.arm.Requests.Select(r => r.Method));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {watch.Elapsed}, before Retry-After's second");
    }

    [Fact]
    public async Task Submit_ThrottledOnEveryTry_InfrastructureSayingWhatToDo()
    {
        this.arm.Then(HttpStatusCode.NotFound);
        this.arm.Otherwise = _ => RecordingArm.Json(HttpStatusCode.TooManyRequests, """{"error":{"code":"TooManyRequests","message":"slow down"}}""", ("Retry-After", "0"));
        using var remote = this.arm.CreateRemote(o => o.MaxAttempts = 2);
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Infrastructure, error.Kind);
        Assert.Contains("lower the graph's parallelism", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, this.arm.Requests.Count(r => r.Method == "PUT"));
    }

    [Fact]
    public async Task Submit_ContainerGroupQuotaReached_InfrastructureNamingTheQuota()
    {
        this.arm.Then(HttpStatusCode.NotFound).Then(HttpStatusCode.Conflict, """{"error":{"code":"ContainerGroupQuotaReached","message":"Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota 'StandardCores' exceeded in region 'westeurope'."}}""");
        using var remote = this.arm.CreateRemote();
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Infrastructure, error.Kind);
        Assert.Contains("409 ContainerGroupQuotaReached", error.Message, StringComparison.Ordinal);
        Assert.Contains("Quotas", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Submit_Refused_MisconfiguredNamingTheRole(HttpStatusCode status)
    {
        this.arm.Then(status, """{"error":{"code":"AuthorizationFailed","message":"The client 'x' does not have authorization to perform action 'Microsoft.ContainerInstance/containerGroups/read'."}}""");
        using var remote = this.arm.CreateRemote();
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("Microsoft.ContainerInstance/containerGroups/*", error.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationFailed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_NoResourceGroupAnywhere_MisconfiguredNamingSettingAndVariable()
    {
        using var remote = this.arm.CreateRemote(o => o.ResourceGroup = null);
        var context = this.Context("{}");

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.SubmitAsync(context, Request(context), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("resourceGroup:", error.Message, StringComparison.Ordinal);
        Assert.Contains("BAZAAR_ACI_RESOURCE_GROUP", error.Message, StringComparison.Ordinal);
        Assert.Empty(this.arm.Requests);
    }

    [Fact]
    public async Task Token_AskedForArmsScopeOnceForManyCalls()
    {
        var token = new RecordingArm.StaticToken();
        using var remote = this.arm.CreateRemote(o => o.Credential = token);
        var job = ContainerGroupTarget.NameFor("r", "s", 1);

        await remote.DescribeAsync(Remote("{}"), job, TestTimeout.Token());
        await remote.DescribeAsync(Remote("{}"), job, TestTimeout.Token());

        Assert.Equal((1, "https://management.azure.com/.default"), (token.Asked, token.Scope));
    }

    public static TheoryData<string, CallHomeJobState, int?, string?> Answers => new()
    {
        { ContainerGroupAnswers.Waiting("g"), CallHomeJobState.Pending, null, "ContainerCreating" },
        { ContainerGroupAnswers.Running("g"), CallHomeJobState.Running, null, null },
        { ContainerGroupAnswers.Terminated("g", 0, "Completed"), CallHomeJobState.Ended, 0, null },
        { ContainerGroupAnswers.Terminated("g", 137, "OOMKilled"), CallHomeJobState.Ended, 137, "OOMKilled" },
        { ContainerGroupAnswers.ProvisioningFailed("g"), CallHomeJobState.Ended, null, "provisioning failed: Failed to pull image \"nowhere/none:1\"" },
        { ContainerGroupAnswers.Stopped("g"), CallHomeJobState.Ended, null, "container group stopped" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Describe_PublishedShapes_MappedToTheJobsState(string answer, CallHomeJobState state, int? exitCode, string? reason)
    {
        this.arm.Then(HttpStatusCode.OK, answer);
        using var remote = this.arm.CreateRemote();
        var job = ContainerGroupTarget.NameFor("r", "s", 1);

        var status = await remote.DescribeAsync(Remote("{}"), job, TestTimeout.Token());

        Assert.Equal(new CallHomeJobStatus(state, exitCode, reason), status);
        Assert.Equal(("GET", $"{Base}{job}?api-version=2023-05-01"), (this.arm.Requests[0].Method, this.arm.Requests[0].PathAndQuery));
    }

    [Fact]
    public async Task Describe_AskedAgainAtOnce_WaitsTheLeastIntervalForThatJobOnly()
    {
        this.arm.Otherwise = _ => RecordingArm.Json(HttpStatusCode.OK, ContainerGroupAnswers.Running("g"));
        using var remote = this.arm.CreateRemote(o => o.MinDescribeInterval = TimeSpan.FromMilliseconds(400));
        var (one, two) = (ContainerGroupTarget.NameFor("r", "s", 1), ContainerGroupTarget.NameFor("r", "s", 2));

        await remote.DescribeAsync(Remote("{}"), one, TestTimeout.Token());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await remote.DescribeAsync(Remote("{}"), two, TestTimeout.Token());
        var other = watch.Elapsed;
        await remote.DescribeAsync(Remote("{}"), one, TestTimeout.Token());
        var again = watch.Elapsed;

        Assert.True(other < TimeSpan.FromMilliseconds(300), $"another job waited {other}");
        Assert.True(again >= TimeSpan.FromMilliseconds(350), $"the same job was asked again after {again}");
        Assert.Equal(3, this.arm.Requests.Count);
    }

    [Fact]
    public async Task Describe_NotFound_Gone()
    {
        using var remote = this.arm.CreateRemote();

        var status = await remote.DescribeAsync(Remote("{}"), ContainerGroupTarget.NameFor("r", "s", 1), TestTimeout.Token());

        Assert.Equal(CallHomeJobState.Gone, status.State);
    }

    [Fact]
    public async Task Describe_NotAJobThisRemoteMade_RefusedBeforeAnyCall()
    {
        using var remote = this.arm.CreateRemote();

        await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.DescribeAsync(Remote("{}"), "../../../providers/Microsoft.Compute/virtualMachines/vm", TestTimeout.Token()));

        Assert.Empty(this.arm.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task Cancel_PostsStop_AGroupGoneOrEndedIsNoError(HttpStatusCode answer)
    {
        this.arm.Then(answer);
        using var remote = this.arm.CreateRemote();
        var job = ContainerGroupTarget.NameFor("r", "s", 1);

        await remote.CancelAsync(Remote("{}"), job, TestTimeout.Token());

        var stop = Assert.Single(this.arm.Requests);
        Assert.Equal(("POST", $"{Base}{job}/stop?api-version=2023-05-01", null), (stop.Method, stop.PathAndQuery, stop.Body));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Delete_Deletes_AGroupGoneIsNoError(HttpStatusCode answer)
    {
        this.arm.Then(answer);
        using var remote = this.arm.CreateRemote();
        var job = ContainerGroupTarget.NameFor("r", "s", 1);

        await remote.DeleteAsync(Remote("{}"), job, TestTimeout.Token());

        var delete = Assert.Single(this.arm.Requests);
        Assert.Equal(("DELETE", $"{Base}{job}?api-version=2023-05-01"), (delete.Method, delete.PathAndQuery));
    }

    [Fact]
    public async Task Delete_Accepted_FollowsAzureAsyncOperationUntilSucceeded()
    {
        const string Operation = "https://management.azure.com/subscriptions/x/providers/Microsoft.ContainerInstance/locations/westeurope/operations/op1?api-version=2023-05-01";
        this.arm.Then(HttpStatusCode.Accepted, "", ("Azure-AsyncOperation", Operation), ("Retry-After", "0"))
            .Then(HttpStatusCode.OK, """{"status":"InProgress"}""", ("Retry-After", "0"))
            .Then(HttpStatusCode.OK, """{"status":"Succeeded"}""");
        using var remote = this.arm.CreateRemote();

        await remote.DeleteAsync(Remote("{}"), ContainerGroupTarget.NameFor("r", "s", 1), TestTimeout.Token());

        Assert.Equal(["DELETE", "GET", "GET"], this.arm.Requests.Select(r => r.Method));
        Assert.All(this.arm.Requests.Skip(1), r => Assert.Equal(new Uri(Operation), r.Uri));
    }

    [Fact]
    public async Task Delete_OperationFails_InfrastructureWithArmsError()
    {
        this.arm.Then(HttpStatusCode.Accepted, "", ("Azure-AsyncOperation", "https://management.azure.com/operations/op2"), ("Retry-After", "0"))
            .Then(HttpStatusCode.OK, """{"status":"Failed","error":{"code":"InternalServerError","message":"boom"}}""");
        using var remote = this.arm.CreateRemote();

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.DeleteAsync(Remote("{}"), ContainerGroupTarget.NameFor("r", "s", 1), TestTimeout.Token()));

        Assert.Equal(FailureKind.Infrastructure, error.Kind);
        Assert.Contains("InternalServerError: boom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_OperationOnAnotherHost_NotFollowedWithTheToken()
    {
        this.arm.Then(HttpStatusCode.Accepted, "", ("Azure-AsyncOperation", "https://attacker.example/steal"));
        using var remote = this.arm.CreateRemote();

        await remote.DeleteAsync(Remote("{}"), ContainerGroupTarget.NameFor("r", "s", 1), TestTimeout.Token());

        Assert.Equal(["DELETE"], this.arm.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Execute_IsNeverCalledForACallHomeRemote_SaysSo()
    {
        using var remote = this.arm.CreateRemote();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => remote.ExecuteAsync(this.Context("{}"), TestTimeout.Token()));

        Assert.Contains("SubmitAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_PlainHttpOffLoopback_Refused()
    {
        using var remote = this.arm.CreateRemote(o => o.ResourceManagerEndpoint = new Uri("http://arm.example/"));

        var error = await Assert.ThrowsAsync<AzureContainerInstancesRemoteException>(() => remote.DescribeAsync(Remote("{}"), ContainerGroupTarget.NameFor("r", "s", 1), TestTimeout.Token()));

        Assert.Equal(FailureKind.Misconfigured, error.Kind);
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        this.arm.Dispose();
        this.temp.Dispose();
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
