using Bazaar.Orchestration;
using Bazaar.Products;
using DurableTask.AzureStorage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bazaar.Hosting;

/// <summary>
/// Real Durable Task in this process, on <see cref="AzureStorageOrchestrationService"/> (the backend
/// and storage layout Durable Functions uses in Azure): DurableTask.Core's dispatchers run Bazaar's
/// orchestrators and activities with extended sessions (<see cref="InProcessDurableWorker"/>), and
/// the Microsoft.DurableTask client calls the service's client half directly
/// (<see cref="InProcessDurableClient"/>): nothing of the engine listens on a port.
/// </summary>
public sealed class LocalDurableHost : IAsyncDisposable
{
    // How long a dequeued activity message stays hidden from other hosts. Durable's default is 5 minutes,
    // which is how long a run waited after its host was killed before another (or the restarted)
    // host picked its steps up. Held activities are renewed (DurableTask.Core renews every 5 s) and orchestration
    // episodes take well under a second, so a short timeout costs nothing while the host lives.
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    // How long an orchestration's session stays in memory without a new event: a run's steps report
    // well within it, so its history is loaded once per run, not once per step.
    private static readonly TimeSpan ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(30);

    // Partition leases (blob leases: 15 s is the shortest storage allows). A dead host's partitions
    // move to a live one after at most this; renewal and rebalancing run well inside it.
    private static readonly TimeSpan LeaseInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LeaseRenewInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LeaseAcquireInterval = TimeSpan.FromSeconds(5);

    private readonly IHost worker;

    private LocalDurableHost(IHost worker, string taskHub)
    {
        this.worker = worker;
        this.TaskHub = taskHub;
    }

    /// <summary>Gets the name of the task hub this host works on.</summary>
    public string TaskHub { get; }

    /// <summary>Gets the client that schedules and watches runs.</summary>
    public DurableTaskClient Client => this.worker.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>
    /// Gets the worker's services: the product store's interfaces (<see cref="IContentStore"/>,
    /// <see cref="IProductRefs"/>, <see cref="IStepRecords"/>, <see cref="IStepLogs"/>, …), the remotes, options.
    /// </summary>
    public IServiceProvider Services => this.worker.Services;

    /// <summary>
    /// Creates the task hub if needed and starts the worker.
    /// </summary>
    /// <param name="options">Storage and concurrency settings.</param>
    /// <param name="configure">Adds remotes and other parts to Bazaar, e.g. <c>b =&gt; b.AddProcessRemote()</c>.</param>
    /// <param name="loggerFactory">Where the engine logs; nothing by default.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>The running host.</returns>
    public static Task<LocalDurableHost> StartAsync(
        BazaarHostOptions options,
        Action<IBazaarBuilder> configure,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default) =>
        BuildAsync(options, configure, runsWork: true, loggerFactory, cancellationToken);

    /// <summary>
    /// Connects a client to the task hub without running any work: no worker, no partition leases,
    /// so a host that runs the hub's work (a <c>bazaar run</c> or <c>serve</c> in another process)
    /// keeps all of it. For commands that read or control runs: status, logs, cancel.
    /// </summary>
    /// <param name="options">Storage settings.</param>
    /// <param name="loggerFactory">Where the engine logs; nothing by default.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The host; only <see cref="Client"/> and <see cref="Services"/> are of use.</returns>
    public static Task<LocalDurableHost> ConnectAsync(
        BazaarHostOptions options,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default) =>
        BuildAsync(options, _ => { }, runsWork: false, loggerFactory, cancellationToken);

    private static async Task<LocalDurableHost> BuildAsync(
        BazaarHostOptions options,
        Action<IBazaarBuilder> configure,
        bool runsWork,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        loggerFactory ??= NullLoggerFactory.Instance;

        var service = new AzureStorageOrchestrationService(CreateSettings(options, loggerFactory));
        await StorageErrors.GuardAsync(options, () => service.CreateIfNotExistsAsync()).ConfigureAwait(false);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // Call-home's tokens are always resolvable, so an activity can ask for them; without keys (bazaar run
        // configures none) issuing one fails the step as misconfigured, naming what to set.
        var bazaar = builder.Services.AddBazaar().AddBlobProductStore(options.ConfigureStore).AddCallHome();
        configure(bazaar);
        if (runsWork)
        {
            AddWorker(builder.Services, service);
        }

        builder.Services.AddSingleton<DurableTaskClient>(new InProcessDurableClient(options.TaskHub, service, HistoryJson.Converter));
        var worker = builder.Build();
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);

        return new LocalDurableHost(worker, options.TaskHub);
    }

    // The worker dispatches in this process (DurableTask.Core, extended sessions); it starts the
    // orchestration service and so takes partition leases. A host without a worker never does.
    private static void AddWorker(IServiceCollection services, AzureStorageOrchestrationService service)
    {
        services.AddSingleton(new InProcessEngine(service));
        services.AddDurableTaskWorker(w =>
        {
            w.AddTasks(BazaarTasks.Register);
            w.Configure(o => o.DataConverter = HistoryJson.Converter);
            w.UseBuildTarget<InProcessDurableWorker>();
        });
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await this.worker.StopAsync(timeout.Token).ConfigureAwait(false);
        this.worker.Dispose();

        // Stopping the worker stopped the orchestration service (DurableTask.Core's TaskHubWorker does),
        // which released the partition leases, so the next host on this task hub (the next `bazaar run`)
        // does not wait for them to expire. A host without a worker never started it.
    }

    internal static AzureStorageOrchestrationServiceSettings CreateSettings(BazaarHostOptions options, ILoggerFactory loggerFactory) => new()
    {
        TaskHubName = options.TaskHub,
        StorageAccountClientProvider = StorageClients.CreateDurableProvider(options),
        PartitionCount = options.PartitionCount,
        UseTablePartitionManagement = options.UseTablePartitionManagement,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentSteps,
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        WorkItemQueueVisibilityTimeout = LockTimeout,

        // Control messages are also buffered for orchestrations waiting their turn, unrenewed; a
        // minute keeps a busy host from seeing its own buffered messages again, and bounds how long
        // a host killed mid-episode delays that run.
        ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
        LeaseInterval = LeaseInterval,
        LeaseRenewInterval = LeaseRenewInterval,
        LeaseAcquireInterval = LeaseAcquireInterval,

        // The app lease arbitrates between deployments with different app names; a local host has
        // nothing to arbitrate, and a lease left behind by a killed CLI would stall the next run.
        UseAppLease = false,

        // An orchestration's history stays in memory between its episodes: each executes only its new
        // events, where a replay of the whole history made a long chain quadratic.
        ExtendedSessionsEnabled = true,
        ExtendedSessionIdleTimeout = ExtendedSessionIdleTimeout,

        // Fan-in of a wide graph delivers many results at once; at the default (64) the dispatcher
        // kept pausing for a second with 100 steps in flight.
        ControlQueueBufferThreshold = 256,

        // Starting a run under an id still in use fails, as in Durable Functions, rather than doing nothing.
        ThrowExceptionOnInvalidDedupeStatus = true,
        LoggerFactory = loggerFactory,
    };
}
