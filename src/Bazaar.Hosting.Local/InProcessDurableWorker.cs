using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Hosting;

/// <summary>
/// The local host's Durable Task worker: DurableTask.Core's own dispatchers (<see cref="TaskHubWorker"/>)
/// over the Azure Storage orchestration service, in this process, with the orchestrators and activities
/// registered through <c>AddDurableTaskWorker(w =&gt; w.AddTasks(...))</c> wrapped by
/// <see cref="DurableTaskShimFactory"/> — the same classes the Function App runs. With extended sessions
/// an orchestration's history stays in memory between episodes, so each episode executes only its new
/// events instead of replaying the whole history (what the gRPC sidecar's worker did, and what made a
/// 1,000-step chain quadratic). Core renews activity locks itself.
/// </summary>
internal sealed class InProcessDurableWorker : DurableTaskWorker
{
    private readonly IOrchestrationService service;
    private readonly IServiceProvider services;
    private readonly DurableTaskShimFactory shims;
    private readonly ILoggerFactory loggerFactory;

    /// <summary>Initializes a new instance of the <see cref="InProcessDurableWorker"/> class; made by the worker builder (<c>UseBuildTarget</c>).</summary>
    /// <param name="name">The worker's name.</param>
    /// <param name="factory">Creates the registered orchestrators and activities.</param>
    /// <param name="engine">The orchestration service to dispatch from.</param>
    /// <param name="options">The worker's options: its data converter above all, which the client shares.</param>
    /// <param name="services">What activities are created from.</param>
    /// <param name="loggerFactory">Where the engine logs.</param>
    public InProcessDurableWorker(
        string name,
        IDurableTaskFactory factory,
        InProcessEngine engine,
        IOptionsMonitor<DurableTaskWorkerOptions> options,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        this.service = engine.Service;
        this.services = services;
        this.loggerFactory = loggerFactory;
        this.shims = new DurableTaskShimFactory(options.Get(name), loggerFactory);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var worker = new TaskHubWorker(this.service, new Orchestrations(this), new Activities(this), this.loggerFactory)
        {
            // Failures cross into the orchestrator as TaskFailedException with their details, as on the gRPC worker.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        await worker.StartAsync().ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }

        // Waits for the work items in hand; the orchestration service itself is stopped by its owner.
        await worker.StopAsync(isForced: false).ConfigureAwait(false);
    }

    /// <summary>Orchestrations by name, each a new orchestrator wrapped by the shim (an extended session keeps its own).</summary>
    private sealed class Orchestrations(InProcessDurableWorker worker) : INameVersionObjectManager<TaskOrchestration>
    {
        public void Add(ObjectCreator<TaskOrchestration> creator) => throw new NotSupportedException("Orchestrations come from the worker's task registry.");

        public TaskOrchestration? GetObject(string name, string? version) =>
            worker.Factory.TryCreateOrchestrator(new TaskName(name), worker.services, out var orchestrator)
                ? worker.shims.CreateOrchestration(new TaskName(name), orchestrator)
                : null;
    }

    /// <summary>Activities by name, each a new activity wrapped by the shim.</summary>
    private sealed class Activities(InProcessDurableWorker worker) : INameVersionObjectManager<TaskActivity>
    {
        public void Add(ObjectCreator<TaskActivity> creator) => throw new NotSupportedException("Activities come from the worker's task registry.");

        public TaskActivity? GetObject(string name, string? version) =>
            worker.Factory.TryCreateActivity(new TaskName(name), worker.services, out var activity)
                ? worker.shims.CreateActivity(new TaskName(name), activity)
                : null;
    }
}
