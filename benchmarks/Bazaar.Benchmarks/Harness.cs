using Bazaar.Benchmarks.Reporting;
using Bazaar.Benchmarks.Suites;

namespace Bazaar.Benchmarks;

/// <summary>Runs the chosen suites on one backend and gathers their rows into a report.</summary>
internal static class Harness
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var date = DateTimeOffset.UtcNow;
        await using var host = await BenchHost.StartStorageAsync(options, cancellationToken);
        var machine = await MachineInfo.DescribeAsync(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("BAZAAR_STORAGE")), options.AzuriteOnDisk, options.AzuriteProcessPerService);
        var h = host.HostOptions;
        var settings = $"maxParallel {options.MaxParallel} (both), Bazaar shard size {options.ShardSize}, partitions {h.PartitionCount}, max concurrent activities {h.MaxConcurrentSteps}, " +
            $"max concurrent orchestrations {h.MaxConcurrentOrchestrations}, max queue polling interval {h.MaxQueuePollingInterval.TotalMilliseconds:0} ms, " +
            $"partition manager {(h.UseTablePartitionManagement ? "table" : "blob")}, " +
            $"orchestration suite on a {(options.FreshBackend ? "fresh backend per measured run" : "shared backend")}, " +
            $"file parallelism {options.FileParallelism} (both)" + (options.Quick ? ", QUICK mode (sizes too small to mean anything)" : string.Empty);
        log($"bench: {machine.Cores} cores, {machine.Storage}; {settings}");

        var rows = new List<BenchRow>();

        // Staging first, before the durable host exists, so its memory figures are the store's own.
        if (options.Suites.Contains(StagingSuite.Name))
        {
            log("staging:");
            rows.AddRange(await StagingSuite.RunAsync(host, options, log, cancellationToken));
        }

        var durableSuites = new (string Name, Func<Task<List<BenchRow>>> Run)[]
        {
            (OrchestrationSuite.Name, async () => await OrchestrationSuite.RunAsync(host, options, log, cancellationToken)),
            (LatencySuite.Name, async () => await LatencySuite.RunAsync(await host.StartDurableAsync(cancellationToken), options, log, cancellationToken)),
            (CriticalPathSuite.Name, async () => await CriticalPathSuite.RunAsync(await host.StartDurableAsync(cancellationToken), options, log, cancellationToken)),
        };
        foreach (var (name, run) in durableSuites.Where(s => options.Suites.Contains(s.Name)))
        {
            log($"{name}:");
            rows.AddRange(await run());
        }

        return new BenchReport { Machine = machine, Date = date, Command = options.CommandLine, Settings = settings, Rows = rows };
    }
}
