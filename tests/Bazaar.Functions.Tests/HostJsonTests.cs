using Bazaar.Testing;

namespace Bazaar.Functions.Tests;

/// <summary>The host.json the app is deployed with: the repository root's, with the settings that matter.</summary>
public class HostJsonTests
{
    [Fact]
    public void HostJson_InBuildOutput_IsTheRepositoryRootsByteForByte()
    {
        Assert.Equal(File.ReadAllBytes(RepositoryRoot.Combine("host.json")), File.ReadAllBytes(FunctionAppOutput.PathOf("host.json")));
    }

    [Fact]
    public void HostJson_DurableTask_HubFromAppSettingAndAzureStorage()
    {
        var durable = FunctionAppOutput.ReadJson("host.json")["extensions"]!["durableTask"]!;

        Assert.Equal("%BAZAAR_TASK_HUB%", (string?)durable["hubName"]);
        Assert.Equal("AzureStorage", (string?)durable["storageProvider"]!["type"]);
        Assert.Equal("AzureWebJobsStorage", (string?)durable["storageProvider"]!["connectionName"]);
        Assert.InRange((int)durable["storageProvider"]!["partitionCount"]!, 1, 16);
        Assert.True((int)durable["maxConcurrentActivityFunctions"]! >= 1);
        Assert.True((int)durable["maxConcurrentOrchestratorFunctions"]! >= 1);
    }

    [Fact]
    public void HostJson_DurableTask_NeverTracesInputsAndOutputs()
    {
        // Orchestration inputs and outputs carry graphs; they must not reach the logs.
        var tracing = FunctionAppOutput.ReadJson("host.json")["extensions"]!["durableTask"]!["tracing"]!;

        Assert.False((bool)tracing["traceInputsAndOutputs"]!);
    }

    [Fact]
    public void HostJson_Http_RoutePrefixIsEmpty_TheUiAtTheRootTheApiFunctionsCarryTheirPrefix()
    {
        var http = FunctionAppOutput.ReadJson("host.json")["extensions"]!["http"]!;

        Assert.Equal(string.Empty, (string?)http["routePrefix"]);
    }
}
