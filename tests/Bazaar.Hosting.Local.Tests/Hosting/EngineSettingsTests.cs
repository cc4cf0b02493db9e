using System.Globalization;
using System.Text.Json.Nodes;
using Bazaar.Hosting;
using Bazaar.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bazaar.Hosting.Local.Tests.Hosting;

/// <summary>
/// The local host and the Function App run the engine the same way: host.json's Durable settings are
/// the ones the local host gives the Azure Storage orchestration service by default.
/// </summary>
public sealed class EngineSettingsTests
{
    private static readonly JsonNode Durable = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("host.json")))!["extensions"]!["durableTask"]!;

    [Fact]
    public void LocalHost_ExtendedSessions_OnAsInHostJson()
    {
        var settings = LocalDurableHost.CreateSettings(new BazaarHostOptions(), NullLoggerFactory.Instance);

        Assert.True(settings.ExtendedSessionsEnabled);
        Assert.True((bool)Durable["extendedSessionsEnabled"]!);
        Assert.Equal(settings.ExtendedSessionIdleTimeout, TimeSpan.FromSeconds((int)Durable["extendedSessionIdleTimeoutInSeconds"]!));
    }

    [Fact]
    public void LocalHost_QueuesPartitionsAndConcurrency_SameAsHostJson()
    {
        var settings = LocalDurableHost.CreateSettings(new BazaarHostOptions(), NullLoggerFactory.Instance);
        var storage = Durable["storageProvider"]!;

        Assert.Equal(settings.ControlQueueBufferThreshold, (int)storage["controlQueueBufferThreshold"]!);
        Assert.Equal(settings.PartitionCount, (int)storage["partitionCount"]!);
        Assert.Equal(settings.MaxQueuePollingInterval, TimeSpan.Parse((string)storage["maxQueuePollingInterval"]!, CultureInfo.InvariantCulture));
        Assert.Equal(settings.MaxConcurrentTaskActivityWorkItems, (int)Durable["maxConcurrentActivityFunctions"]!);
        Assert.Equal(settings.MaxConcurrentTaskOrchestrationWorkItems, (int)Durable["maxConcurrentOrchestratorFunctions"]!);
    }
}
