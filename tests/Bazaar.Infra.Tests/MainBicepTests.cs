using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bazaar.Testing;

namespace Bazaar.Infra.Tests;

/// <summary>What infra/main.bicep deploys, read from the ARM JSON the real Bicep CLI compiles it to.</summary>
public sealed partial class MainBicepTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageBlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public void Build_MainBicep_NoDiagnostics() => Assert.Equal(string.Empty, template.Diagnostics.Trim());

    [Fact]
    public async Task Lint_MainBicep_NoWarningsAtTheDefaultRules()
    {
        Assert.False(File.Exists(RepositoryRoot.Combine("infra/bicepconfig.json")), "a bicepconfig.json could relax the default linter rules");

        var outcome = await Bicep.RunAsync("lint", "infra/main.bicep");

        Assert.True(outcome.ExitCode == 0 && outcome.Stdout.Trim().Length == 0 && outcome.Stderr.Trim().Length == 0, outcome + "\n" + outcome.Stdout);
    }

    [Fact]
    public void Storage_Account_SharedKeyOffHttpsOnlyTls12AndNoPublicBlobs()
    {
        var properties = template.One("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
    }

    [Fact]
    public void Storage_Containers_ArePrivate() =>
        Assert.All(template.All("Microsoft.Storage/storageAccounts/blobServices/containers"), c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));

    [Fact]
    public void RoleDefinitions_AreExactlyTheDataRolesTheAppNeeds()
    {
        // Every GUID in the template is one of these role definitions: nothing broader (Owner,
        // Contributor, Storage Account Contributor) and nothing unexplained can slip in.
        var guids = Guid().Matches(template.Text).Select(m => m.Value.ToLowerInvariant()).ToHashSet();

        Assert.Equal(
            new HashSet<string> { StorageBlobDataContributor, StorageBlobDelegator, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher, KeyVaultSecretsUser },
            guids);
    }

    [Theory]
    [InlineData("app-storage-access", "Microsoft.Storage/storageAccounts", new[] { StorageBlobDataContributor, StorageBlobDelegator, StorageQueueDataContributor, StorageTableDataContributor })]
    [InlineData("monitoring-access", "Microsoft.Insights/components", new[] { MonitoringMetricsPublisher })]
    [InlineData("keyvault", "Microsoft.KeyVault/vaults", new[] { KeyVaultSecretsUser })]
    public void RoleAssignments_EachModule_GrantsItsRolesScopedToOneResource(string module, string scopeType, string[] roles)
    {
        var nested = template.Module(module);
        var assignments = nested["resources"]!.AsArray().OfType<JsonObject>().Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").ToList();
        var text = nested.ToJsonString();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.Contains(scopeType, (string?)a["scope"], StringComparison.Ordinal));
        Assert.Equal(roles.Order(), Guid().Matches(text).Select(m => m.Value).Distinct().Order());
    }

    [Fact]
    public void StorageAccess_BlobData_OnlyInEachNamedContainer_NothingWiderAtTheAccount()
    {
        var assignments = this.StorageAssignments("app-storage-access");

        var inContainers = Assert.Single(assignments, a => (string?)a["name"] is { } n && n.Contains("parameters('containerNames')[copyIndex()]", StringComparison.Ordinal));
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('containerNames')[copyIndex()])]", (string?)inContainers["scope"]);
        Assert.Equal("[length(parameters('containerNames'))]", (string?)inContainers["copy"]!["count"]);
        Assert.Contains(StorageBlobDataContributor, RoleOf(template.Module("app-storage-access"), inContainers), StringComparison.Ordinal);

        var atAccount = Assert.Single(assignments, a => a != inContainers);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", (string?)atAccount["scope"]);
        var accountRoles = template.Module("app-storage-access")["variables"]!["accountRoles"]!.AsObject().Select(r => (string)r.Value!).Order();
        Assert.Equal(new[] { StorageBlobDelegator, StorageQueueDataContributor, StorageTableDataContributor }.Order(), accountRoles);
    }

    [Fact]
    public void StorageAccess_TheApp_GetsTheHostsTheTaskHubsItsPackagesAndTheProductContainers()
    {
        Assert.Equal(
            ["azure-webjobs-hosts", "azure-webjobs-secrets", "bazaar-leases", "bazaar-applease", "bazaar-largemessages", "app-package-TOKEN", "bazaar"],
            this.ContainerNames("app-storage-access"));
    }

    [Fact]
    public void StorageAccess_TheDeveloper_GetsOnlyTheTaskHubsAndTheProductContainers()
    {
        Assert.Equal(["bazaar-leases", "bazaar-applease", "bazaar-largemessages", "bazaar"], this.ContainerNames("user-storage-access"));
    }

    [Fact]
    public void StorageAccess_TaskHubContainers_FollowTheHubNameInLowerCase()
    {
        var names = this.ContainerNames("user-storage-access", new Dictionary<string, string> { ["taskHubName"] = "NightlyBuilds" });

        Assert.Equal(["nightlybuilds-leases", "nightlybuilds-applease", "nightlybuilds-largemessages", "bazaar"], names);
    }

    [Fact]
    public void Storage_CreatesEveryContainerARoleIsScopedTo()
    {
        // A role assignment scoped to a container that does not exist fails the deployment; the
        // storage module makes them all, private, before the access modules run.
        var created = this.Evaluate(template.Deployment("storage")["properties"]!["parameters"]!["containerNames"]!["value"]);
        var storageAccountName = (string?)template.Deployment("app-storage-access")["properties"]!["parameters"]!["storageAccountName"]!["value"];

        Assert.Superset(this.ContainerNames("app-storage-access").ToHashSet(), created.ToHashSet());
        Assert.Superset(this.ContainerNames("user-storage-access").ToHashSet(), created.ToHashSet());
        Assert.Contains("'storage'), '2025-04-01').outputs.name.value", storageAccountName, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignments_ToTheApp_AreForItsIdentityAsServicePrincipal()
    {
        var deployment = template.Deployment("app-storage-access");

        Assert.Contains("identity", (string?)deployment["properties"]!["parameters"]!["principalId"]!["value"], StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)deployment["properties"]!["parameters"]!["principalType"]!["value"]);
    }

    [Fact]
    public void RoleAssignments_ToTheDeployingUser_OnlyWhenAPrincipalIdIsGiven()
    {
        var deployment = template.Deployment("user-storage-access");

        Assert.Equal("[not(empty(parameters('principalId')))]", (string?)deployment["condition"]);
        Assert.Equal("User", (string?)deployment["properties"]!["parameters"]!["principalType"]!["value"]);
    }

    [Fact]
    public void FunctionApp_RunsAsTheUserAssignedIdentityOnly()
    {
        var app = this.BazaarApp("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Single(app["identity"]!["userAssignedIdentities"]!.AsObject());
        Assert.Equal("[parameters('identityId')]", (string?)app["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void FunctionApp_FlexConsumptionDotnetIsolatedAtTheAppsTargetFramework()
    {
        var plan = this.BazaarApp("Microsoft.Web/serverfarms");
        var app = this.BazaarApp("Microsoft.Web/sites");
        var runtime = app["properties"]!["functionAppConfig"]!["runtime"]!;
        var version = (string?)template.Deployment("functionapp")["properties"]!["parameters"]!["dotnetVersion"]!["value"];
        var targetFramework = Regex.Match(File.ReadAllText(RepositoryRoot.Combine("Directory.Build.props")), "<TargetFramework>net([0-9.]+)</TargetFramework>").Groups[1].Value;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("functionapp,linux", (string?)app["kind"]);
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal(targetFramework, version);
        Assert.True((bool)app["properties"]!["httpsOnly"]!);
        Assert.Equal("1.2", (string?)app["properties"]!["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("UserAssignedIdentity", (string?)app["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]);
    }

    [Fact]
    public void AppSettings_ConnectStorageWithTheIdentity()
    {
        var settings = template.Module("functionapp")["variables"]!["identitySettings"]!.AsObject();

        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)settings["AZURE_CLIENT_ID"]);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Equal($"[parameters('{service}Endpoint')]", (string?)settings[$"AzureWebJobsStorage__{service}ServiceUri"]);
        }

        Assert.Equal("[parameters('blobEndpoint')]", (string?)settings["BAZAAR_STORAGE_ACCOUNT_URL"]);
        Assert.NotNull(settings["BAZAAR_TASK_HUB"]);
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);

        // The web UI answers / (host.json's routePrefix is empty); the host's own home page must not.
        Assert.Equal("true", (string?)settings["AzureWebJobsDisableHomepage"]);

        // Flex Consumption refuses these two: the runtime comes from functionAppConfig.
        Assert.Null(settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Null(settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Null(settings["AzureWebJobsStorage"]);
    }

    [Fact]
    public void Template_HoldsNoKeyConnectionStringOrSecretValue()
    {
        foreach (var secretLooking in new[] { "listKeys", "listkeys", "AccountKey=", "SharedAccessSignature", "sig=", "DefaultEndpointsProtocol", "listSecrets" })
        {
            Assert.DoesNotContain(secretLooking, template.Text, StringComparison.Ordinal);
        }

        // The AWS secrets go only into Key Vault; the app gets references to them.
        var remoteSettings = (string?)template.Root["variables"]!["remoteSettings"];
        var withoutChecks = remoteSettings!.Replace("empty(parameters('awsAccessKeyId'))", string.Empty, StringComparison.Ordinal)
            .Replace("empty(parameters('awsSecretAccessKey'))", string.Empty, StringComparison.Ordinal)
            .Replace("empty(parameters('callbackKeys'))", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters('awsAccessKeyId')", withoutChecks, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters('awsSecretAccessKey')", withoutChecks, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters('callbackKeys')", withoutChecks, StringComparison.Ordinal);
        Assert.Equal("securestring", (string?)template.Root["parameters"]!["callbackKeys"]!["type"]);
        Assert.Contains("@Microsoft.KeyVault(VaultName=", remoteSettings, StringComparison.Ordinal);
        Assert.Equal("securestring", (string?)template.Root["parameters"]!["awsSecretAccessKey"]!["type"]);
        Assert.Equal("securestring", (string?)template.Root["parameters"]!["awsAccessKeyId"]!["type"]);
    }

    [Fact]
    public void Outputs_ApiUrlAndStorageAccountAndNoSecrets()
    {
        var outputs = template.Root["outputs"]!.AsObject();

        Assert.Contains("/api", (string?)outputs["BAZAAR_API_URL"]!["value"], StringComparison.Ordinal);
        Assert.Contains("storage", (string?)outputs["AZURE_STORAGE_ACCOUNT_NAME"]!["value"], StringComparison.Ordinal);
        Assert.All(outputs, o => Assert.DoesNotContain("onnectionString", o.Value!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public void ApplicationInsights_LocalAuthOffOverLogAnalytics()
    {
        var component = template.One("Microsoft.Insights/components")["properties"]!;

        Assert.True((bool)component["DisableLocalAuth"]!);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)component["WorkspaceResourceId"], StringComparison.Ordinal);
    }

    [Fact]
    public void StepFunction_OnlyWhenAskedFor_AsTheAppsIdentityWithItsKeyOnlyInKeyVault()
    {
        var deployment = template.Deployment("step-function");
        var module = template.Module("step-function");
        var app = Assert.Single(module["resources"]!.AsArray().OfType<JsonObject>(), r => (string?)r["type"] == "Microsoft.Web/sites");
        var remoteSettings = (string)template.Root["variables"]!["remoteSettings"]!;
        var secrets = template.Deployment("keyvault")["properties"]!["parameters"]!["secrets"]!["value"]!;

        Assert.Equal("[parameters('stepFunction')]", (string?)deployment["condition"]);
        Assert.False((bool)template.Root["parameters"]!["stepFunction"]!["defaultValue"]!);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.True((bool)app["properties"]!["httpsOnly"]!);
        Assert.Equal("securestring", (string?)template.Root["parameters"]!["stepFunctionKey"]!["type"]);
        Assert.Equal("securestring", (string?)module["parameters"]!["functionKey"]!["type"]);
        Assert.Equal("[parameters('stepFunctionKey')]", (string?)secrets["bazaar-azure-functions-key"]);
        Assert.Contains("'BAZAAR_AZURE_FUNCTIONS_KEY', format('@Microsoft.KeyVault(VaultName={0};SecretName=bazaar-azure-functions-key)'", remoteSettings, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters('stepFunctionKey')", remoteSettings, StringComparison.Ordinal);
        Assert.Contains("azure-functions", remoteSettings, StringComparison.Ordinal);
    }

    [Fact]
    public void StepFunction_Deployed_ItsPackageContainerIsTheAppsToo()
    {
        var names = this.ContainerNames("app-storage-access", new Dictionary<string, string> { ["stepFunction"] = "true" });

        Assert.Contains("step-package-TOKEN", names);
        Assert.DoesNotContain("step-package-TOKEN", this.ContainerNames("app-storage-access"));
    }

    [Fact]
    public void CallbackKeys_StoredInKeyVault_TheAppGetsAReferenceNamedForTheSetting()
    {
        var remoteSettings = (string)template.Root["variables"]!["remoteSettings"]!;
        var secrets = template.Deployment("keyvault")["properties"]!["parameters"]!["secrets"]!["value"]!;

        Assert.Contains("'BAZAAR_CALLBACK_KEYS', format('@Microsoft.KeyVault(VaultName={0};SecretName=bazaar-callback-keys)'", remoteSettings, StringComparison.Ordinal);
        Assert.Equal("[parameters('callbackKeys')]", (string?)secrets["bazaar-callback-keys"]);
    }

    [Fact]
    public void ContainerInstances_CustomRole_OnlyContainerGroupsAssignableAndAssignedInTheJobsGroup()
    {
        var module = template.Module("aci-access");
        var resources = module["resources"]!.AsArray().OfType<JsonObject>().ToList();
        var role = Assert.Single(resources, r => (string?)r["type"] == "Microsoft.Authorization/roleDefinitions")["properties"]!;
        var assignment = Assert.Single(resources, r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments")["properties"]!;
        var deployment = template.Deployment("aci-access");

        Assert.Equal("CustomRole", (string?)role["type"]);
        var permission = Assert.Single(role["permissions"]!.AsArray())!;
        Assert.Equal(["Microsoft.ContainerInstance/containerGroups/*"], permission["actions"]!.AsArray().Select(a => (string)a!));
        Assert.Empty(permission["notActions"]!.AsArray());
        Assert.Null(permission["dataActions"]);
        Assert.Equal(["[resourceGroup().id]"], role["assignableScopes"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("ServicePrincipal", (string?)assignment["principalType"]);
        Assert.Contains("Microsoft.Authorization/roleDefinitions", (string?)assignment["roleDefinitionId"], StringComparison.Ordinal);
        Assert.Equal("[not(empty(parameters('agentImage')))]", (string?)deployment["condition"]);
        Assert.Equal("[variables('jobsGroupName')]", (string?)deployment["resourceGroup"]);
    }

    [Fact]
    public void KeyVault_UsesRbacNotAccessPolicies() =>
        Assert.True((bool)template.One("Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"]!);

    [Fact]
    public void Parameters_FileNamesEveryRequiredParameterAndNoUnknownOne()
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("infra/main.parameters.json")))!["parameters"]!.AsObject();
        var declared = template.Root["parameters"]!.AsObject();

        Assert.All(file, p => Assert.True(declared.ContainsKey(p.Key), $"main.parameters.json sets '{p.Key}', which main.bicep does not declare"));
        Assert.All(declared.Where(p => p.Value!["defaultValue"] is null), p => Assert.True(file.ContainsKey(p.Key), $"main.bicep needs '{p.Key}'"));
    }

    private static string RoleOf(JsonObject module, JsonObject assignment)
    {
        var role = (string)assignment["properties"]!["roleDefinitionId"]!;
        return Regex.Replace(role, @"variables\('(\w+)'\)", m => (string)module["variables"]![m.Groups[1].Value]!);
    }

    private List<JsonObject> StorageAssignments(string module) =>
        template.Module(module)["resources"]!.AsArray().OfType<JsonObject>().Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").ToList();

    /// <summary>A resource of Bazaar's own app (the step function, when deployed, is another app of the same types).</summary>
    private JsonObject BazaarApp(string type) =>
        Assert.Single(template.Module("functionapp")["resources"]!.AsArray().OfType<JsonObject>(), r => (string?)r["type"] == type);

    private string[] ContainerNames(string module, IReadOnlyDictionary<string, string>? known = null) =>
        this.Evaluate(template.Deployment(module)["properties"]!["parameters"]!["containerNames"]!["value"], known);

    // resourceToken comes from uniqueString(), which only Azure works out: take it as TOKEN.
    private string[] Evaluate(JsonNode? value, IReadOnlyDictionary<string, string>? known = null)
    {
        var given = new Dictionary<string, string>(known ?? new Dictionary<string, string>()) { ["resourceToken"] = "TOKEN" };
        return new ArmExpression(template.Root, given).Evaluate(value)!.AsArray().Select(n => (string)n!).ToArray();
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
