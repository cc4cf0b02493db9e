using Bazaar.Benchmarks.Floor;
using Bazaar.Hosting;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Benchmarks;

/// <summary>
/// The backend every suite runs on: Azurite on free loopback ports with in-memory persistence
/// (or <c>BAZAAR_STORAGE</c>), and one <see cref="LocalDurableHost"/> whose worker runs both
/// Bazaar's tasks and the floor's, so Bazaar and its baseline share the sidecar, the task hub,
/// the storage and the concurrency limits.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly AzuriteProcess? azurite;
    private readonly EngineLog? engineLog;

    private BenchHost(AzuriteProcess? azurite, string connectionString, BazaarHostOptions hostOptions, EngineLog? engineLog)
    {
        this.azurite = azurite;
        this.engineLog = engineLog;
        this.ConnectionString = connectionString;
        this.HostOptions = hostOptions;
    }

    public string ConnectionString { get; }

    public BazaarHostOptions HostOptions { get; }

    public LocalDurableHost? Durable { get; private set; }

    public static async Task<BenchHost> StartStorageAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var external = Environment.GetEnvironmentVariable("BAZAAR_STORAGE");
        AzuriteProcess? azurite = null;
        if (string.IsNullOrEmpty(external))
        {
            azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        }

        var connection = external is { Length: > 0 } ? external : azurite!.ConnectionString;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var defaults = new BazaarHostOptions();
        var hostOptions = new BazaarHostOptions
        {
            Storage = connection,
            TaskHub = "bench" + suffix,
            Container = "bench-" + suffix,
            PartitionCount = options.PartitionCount ?? defaults.PartitionCount,
            MaxConcurrentSteps = options.MaxConcurrentSteps ?? defaults.MaxConcurrentSteps,
            MaxConcurrentOrchestrations = options.MaxConcurrentOrchestrations ?? defaults.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval ?? defaults.MaxQueuePollingInterval,
            UseTablePartitionManagement = options.UseTablePartitionManagement ?? defaults.UseTablePartitionManagement,
        };
        return new BenchHost(azurite, connection, hostOptions, options.EngineLogPath is { Length: > 0 } path ? new EngineLog(path) : null);
    }

    /// <summary>Starts the durable host (once), with the floor's orchestration and activity beside Bazaar's.</summary>
    public async Task<LocalDurableHost> StartDurableAsync(CancellationToken cancellationToken)
    {
        this.Durable ??= await LocalDurableHost.StartAsync(
            this.HostOptions,
            bazaar =>
            {
                bazaar.AddProcessRemote();

                // Same (default-named) worker builder as Bazaar's own: one worker, both sets of tasks.
                bazaar.Services.AddDurableTaskWorker(w => w.AddTasks(r =>
                {
                    r.AddOrchestrator<FloorOrchestrator>(FloorOrchestrator.Name);
                    r.AddActivity<FloorActivity>(FloorActivity.Name);
                }));
            },
            this.engineLog,
            cancellationToken);
        return this.Durable;
    }

    public async ValueTask DisposeAsync()
    {
        if (this.Durable is not null)
        {
            await this.Durable.DisposeAsync();
        }

        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }

        this.engineLog?.Dispose();
    }
}
