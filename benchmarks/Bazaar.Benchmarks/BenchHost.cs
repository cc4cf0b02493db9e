using Bazaar.Benchmarks.Floor;
using Bazaar.Hosting;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Benchmarks;

/// <summary>
/// The backend every suite runs on: Azurite on free loopback ports, on disk as three processes as
/// <c>bazaar run</c> starts it (or <c>BAZAAR_STORAGE</c>), and one <see cref="LocalDurableHost"/> whose
/// worker runs both Bazaar's tasks and the floor's, so Bazaar and its baseline share the engine, its
/// client, the task hub, the storage and the concurrency limits.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly BenchOptions options;
    private readonly EngineLog? engineLog;
    private AzuriteProcess? azurite;

    // Where the emulator keeps its data with --azurite disk; deleted when it stops.
    private string? azuriteData;

    private BenchHost(BenchOptions options, (AzuriteProcess? Process, string? Data) azurite, BazaarHostOptions hostOptions, EngineLog? engineLog)
    {
        this.options = options;
        (this.azurite, this.azuriteData) = azurite;
        this.engineLog = engineLog;
        this.HostOptions = hostOptions;
    }

    public string ConnectionString => this.HostOptions.Storage!;

    public BazaarHostOptions HostOptions { get; private set; }

    public LocalDurableHost? Durable { get; private set; }

    public static async Task<BenchHost> StartStorageAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var azurite = await StartAzuriteAsync(options, cancellationToken);
        return new BenchHost(options, azurite, CreateHostOptions(options, azurite.Process), options.EngineLogPath is { Length: > 0 } path ? new EngineLog(path) : null);
    }

    /// <summary>
    /// The durable host for one measured run: with <see cref="BenchOptions.FreshBackend"/>, on a new
    /// Azurite (or a new task hub and container on <c>BAZAAR_STORAGE</c>) with nothing of the runs
    /// before it; otherwise the one shared host.
    /// </summary>
    public async Task<LocalDurableHost> ForRunAsync(CancellationToken cancellationToken)
    {
        if (this.options.FreshBackend && this.Durable is not null)
        {
            await this.Durable.DisposeAsync();
            this.Durable = null;
            if (this.azurite is not null)
            {
                await this.StopAzuriteAsync();
                (this.azurite, this.azuriteData) = await StartAzuriteAsync(this.options, cancellationToken);
            }

            this.HostOptions = CreateHostOptions(this.options, this.azurite);
        }

        return await this.StartDurableAsync(cancellationToken);
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

    // On disk (--azurite disk), in a folder of its own under the temp folder.
    private static async Task<(AzuriteProcess? Process, string? Data)> StartAzuriteAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("BAZAAR_STORAGE")))
        {
            return (null, null);
        }

        var data = options.AzuriteOnDisk ? Directory.CreateTempSubdirectory("bazaar-bench-azurite-").FullName : null;
        return (await AzuriteProcess.StartAsync(dataDirectory: data, oneProcessPerService: options.AzuriteProcessPerService, cancellationToken: cancellationToken), data);
    }

    private async Task StopAzuriteAsync()
    {
        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }

        if (this.azuriteData is not null)
        {
            Directory.Delete(this.azuriteData, recursive: true);
        }

        (this.azurite, this.azuriteData) = (null, null);
    }

    private static BazaarHostOptions CreateHostOptions(BenchOptions options, AzuriteProcess? azurite)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var defaults = new BazaarHostOptions();
        return new BazaarHostOptions
        {
            Storage = azurite?.ConnectionString ?? Environment.GetEnvironmentVariable("BAZAAR_STORAGE"),
            TaskHub = "bench" + suffix,
            Container = "bench-" + suffix,
            PartitionCount = options.PartitionCount ?? defaults.PartitionCount,
            MaxConcurrentSteps = options.MaxConcurrentSteps ?? defaults.MaxConcurrentSteps,
            MaxConcurrentOrchestrations = options.MaxConcurrentOrchestrations ?? defaults.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval ?? defaults.MaxQueuePollingInterval,
            UseTablePartitionManagement = options.UseTablePartitionManagement ?? defaults.UseTablePartitionManagement,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (this.Durable is not null)
        {
            await this.Durable.DisposeAsync();
        }

        await this.StopAzuriteAsync();
        this.engineLog?.Dispose();
    }
}
