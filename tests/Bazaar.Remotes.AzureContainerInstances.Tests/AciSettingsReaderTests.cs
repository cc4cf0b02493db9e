using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureContainerInstances.Tests;

public sealed class AciSettingsReaderTests
{
    [Fact]
    public void Read_EverySetting_Kept()
    {
        const string Identity = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/puller";
        var settings = Read($$"""
            { "subscription": "00000000-0000-0000-0000-000000000001", "resourceGroup": "jobs", "location": "West Europe",
              "image": "r.azurecr.io/agent:1", "cpu": 2, "memoryInGB": "3.5", "identity": "{{Identity}}", "registry": { "server": "r.azurecr.io" } }
            """, out var problems);

        Assert.Empty(problems);
        Assert.Equal(
            new AciStepSettings("00000000-0000-0000-0000-000000000001", "jobs", "westeurope", "r.azurecr.io/agent:1", 2, 3.5, Identity, new AciRegistry("r.azurecr.io", null, null)),
            settings);
    }

    [Fact]
    public void Read_Nothing_DefaultsFromTheHostAndOneCoreAndAHalf()
    {
        var settings = Read("{}", out var problems);

        Assert.Empty(problems);
        Assert.Equal(new AciStepSettings(null, null, null, null, 1, 1.5, null, null), settings);
    }

    [Theory]
    [InlineData("""{ "endpoint": "http://elsewhere" }""", "endpoint", "is not known")]
    [InlineData("""{ "subscription": "mine" }""", "subscription", "is not a subscription id")]
    [InlineData("""{ "resourceGroup": "ends." }""", "resourceGroup", "is not a resource group name")]
    [InlineData("""{ "location": "Mars Central!" }""", "location", "is not an Azure region")]
    [InlineData("""{ "image": "has space" }""", "image", "is not an image reference")]
    [InlineData("""{ "cpu": 0 }""", "cpu", "write 0.1 to 4 cores")]
    [InlineData("""{ "memoryInGB": "lots" }""", "memoryInGB", "write 0.1 to 16 GB")]
    [InlineData("""{ "identity": "puller" }""", "identity", "is not a user-assigned identity")]
    [InlineData("""{ "registry": "r.azurecr.io" }""", "registry", "passwordSecret names a host variable")]
    [InlineData("""{ "registry": { "server": "r.azurecr.io", "username": "u", "password": "p" } }""", "registry", "a password never goes in a graph")]
    [InlineData("""{ "registry": { "server": "r.azurecr.io", "username": "u" } }""", "registry", "needs both username and passwordSecret")]
    [InlineData("""{ "registry": { "server": "r.azurecr.io" } }""", "registry", "has no identity: to pull with")]
    [InlineData("""{ "registry": { "server": "r.azurecr.io", "username": "u", "passwordSecret": "not a name" } }""", "registry", "is not a variable name")]
    public void Read_BadSetting_ProblemsNamingItAndWhatToWrite(string json, string setting, string message)
    {
        var settings = Read(json, out var problems);

        Assert.Null(settings);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal(setting, p.Setting));
        Assert.Contains(problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Spec_AsCodeNamesIt_ReadsBackAsTheSameSettings()
    {
        var spec = new AzureContainerInstancesRemoteSpec
        {
            ResourceGroup = "jobs",
            Location = "westeurope",
            Cpu = 2,
            MemoryInGB = 4,
            RegistryServer = "r.azurecr.io",
            RegistryUsername = "pull",
            RegistryPasswordSecret = "ACR_PASSWORD",
        };
        var problems = new List<RemoteSettingProblem>();

        var settings = AciSettingsReader.Read(spec.ToDefinition(), problems);

        Assert.Empty(problems);
        Assert.Equal(new AciStepSettings(null, "jobs", "westeurope", null, 2, 4, null, new AciRegistry("r.azurecr.io", "pull", "ACR_PASSWORD")), settings);
        Assert.Equal("azure-container-instances", spec.ToDefinition().Type);
    }

    private static AciStepSettings? Read(string json, out List<RemoteSettingProblem> problems)
    {
        problems = [];
        var remote = new RemoteDefinition { Type = AciSettingsReader.RemoteType, Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)! };
        return AciSettingsReader.Read(remote, problems);
    }
}
