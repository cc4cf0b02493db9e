using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Scheduling;
using Microsoft.DurableTask;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Orchestration;

/// <summary>
/// How <see cref="RunGraphOrchestrator"/> runs a graph too large for one orchestration, in shards
/// (<see cref="RunOptions.ShardSize"/>), each a <see cref="RunShardOrchestrator"/>; and what such a
/// run knows: which shards may start (a <see cref="GraphScheduler"/> over the shards), which
/// products exist, how each step ended.
/// </summary>
internal sealed class ShardedRun
{
    /// <summary>The most shards running at once; their steps share <see cref="RunOptions.MaxParallel"/>.</summary>
    internal const int MaxConcurrentShards = 4;

    /// <summary>
    /// Splits the graph (<see cref="GraphShards"/>) and runs each shard as a <see cref="BazaarTasks.RunShard"/>
    /// sub-orchestration once the shards it consumes from have ended — at most
    /// <see cref="MaxConcurrentShards"/> at once, each with its share of <see cref="RunOptions.MaxParallel"/>.
    /// Cancel and failFast reach the running shards as events; the run's result is every shard's steps,
    /// each stored whole by its shard and carried here by its state (<see cref="RunResult.Shards"/>).
    /// A shard's history is purged (<see cref="BazaarTasks.PurgeShard"/>) as soon as the run has its result.
    /// </summary>
    public static async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        var startedAt = context.CurrentUtcDateTime;
        var graph = input.Graph;
        var shards = GraphShards.Split(graph, input.Options.ShardSize);
        var maxParallel = Math.Max(1, input.Options.MaxParallel);
        var concurrent = Math.Min(MaxConcurrentShards, Math.Min(maxParallel, shards.Count));
        var run = new ShardedRun(input, shards, maxParallel / concurrent);
        var progress = new RunProgress(graph.Name, graph.Steps.Count);
        var running = new Dictionary<Task<RunResult>, GraphShard>();
        var purges = new List<Task>();
        string? cancelled = null;
        var failFast = input.Options.FailurePolicy == FailurePolicy.FailFast;
        var failFastSent = false;
        var cancelRequest = context.WaitForExternalEvent<string>(BazaarTasks.CancelEvent);

        void StartReady()
        {
            while (cancelled is null && !(failFast && run.FirstFailure is not null) && running.Count < concurrent && run.TryTakeReady(out var shard))
            {
                running.Add(RunShardAsync(context, run.Request(shard), shard, purges), shard);
            }

            context.SetCustomStatus(progress.ToStatus());
        }

        void Tell(string name, string data)
        {
            foreach (var shard in running.Values)
            {
                context.SendEvent(BazaarTasks.ShardInstanceId(input.RunId, shard.Index), name, data);
            }
        }

        StartReady();
        while (running.Count > 0)
        {
            var next = await Task.WhenAny(cancelled is null ? running.Keys.Append<Task>(cancelRequest) : running.Keys);
            if (next == cancelRequest)
            {
                cancelled = string.IsNullOrWhiteSpace(cancelRequest.Result) ? "cancel requested" : cancelRequest.Result;
                progress.Cancelled = cancelled;
                Tell(BazaarTasks.CancelEvent, cancelled);
                context.SetCustomStatus(progress.ToStatus());
                continue;
            }

            var done = (Task<RunResult>)next;
            var ended = running[done];
            running.Remove(done);
            foreach (var step in run.Ended(ended, await done))
            {
                progress.Finished(step.Step, step.State);
            }

            if (failFast && run.FirstFailure is { } failed && !failFastSent)
            {
                failFastSent = true;
                Tell(BazaarTasks.FailFastEvent, failed);
            }

            StartReady();
        }

        foreach (var step in run.Unreached())
        {
            run.Results[step.Name] = StepOutcomes.Skipped(step, run.FirstMissingInput(step), run.ProducerOf, input.Options.FailurePolicy, run.FirstFailure, cancelled);
            progress.Finished(step.Name, StepState.Skipped);
        }

        context.SetCustomStatus(progress.ToStatus());
        await Task.WhenAll(purges);
        return GraphWalk.Result(context, input.RunId, graph, startedAt, run.Results, cancelled) with { Shards = shards.Count };
    }

    /// <summary>
    /// Runs one shard; once the run has its result, the shard's history is purged (in the
    /// background of the run, which waits for the purges only at its end).
    /// </summary>
    private static async Task<RunResult> RunShardAsync(TaskOrchestrationContext context, ShardRequest request, GraphShard shard, List<Task> purges)
    {
        var instanceId = BazaarTasks.ShardInstanceId(request.RunId, shard.Index);
        RunResult result;
        try
        {
            result = await context.CallSubOrchestratorAsync<RunResult>(BazaarTasks.RunShard, request, new SubOrchestrationOptions(instanceId: instanceId));
        }
        catch (TaskFailedException ex)
        {
            // The shard's orchestrator reports step failures as results; an exception means it could not run at all.
            var error = $"could not be run by the host: shard {shard.Index} of the run failed: {ex.FailureDetails?.ErrorMessage ?? ex.Message}";
            return new RunResult
            {
                RunId = request.RunId,
                Graph = request.Graph.Name,
                Succeeded = false,
                StartedAt = context.CurrentUtcDateTime,
                EndedAt = context.CurrentUtcDateTime,
                Steps = [.. shard.Graph.Steps.Select(s => HistoryText.ForHistory(new StepResult { Step = s.Name, State = StepState.Failed, Remote = s.Remote.Type, Error = $"step '{s.Name}' {error}" }))],
            };
        }

        // A shard that could not run keeps its history, for whoever looks into why.
        purges.Add(PurgeAsync(context, instanceId));
        return result;
    }

    private static async Task PurgeAsync(TaskOrchestrationContext context, string instanceId)
    {
        try
        {
            await context.CallActivityAsync<bool>(BazaarTasks.PurgeShard, instanceId);
        }
        catch (TaskFailedException)
        {
            // The history stays behind; the run's result does not depend on it.
        }
    }

    private readonly RunRequest input;
    private readonly IReadOnlyList<GraphShard> shards;
    private readonly int maxParallel;
    private readonly HashSet<string> available;
    private readonly HashSet<string> reused;
    private readonly Dictionary<string, string> producers;

    // Which shards may start: each shard a step of its own, consuming the end of the shards it depends on.
    private readonly GraphScheduler ready;

    public ShardedRun(RunRequest input, IReadOnlyList<GraphShard> shards, int maxParallel)
    {
        this.input = input;
        this.shards = shards;
        this.maxParallel = Math.Max(1, maxParallel);
        this.available = new HashSet<string>(input.Inputs.Concat(input.Reused), StringComparer.Ordinal);
        this.reused = new HashSet<string>(input.Reused, StringComparer.Ordinal);
        this.producers = GraphWalk.ProducerIndex(input.Graph);
        this.ready = new GraphScheduler(GraphShards.ToGraph(input.Graph, shards), []);
    }

    public Dictionary<string, StepResult> Results { get; } = new(StringComparer.Ordinal);

    public string? FirstFailure { get; private set; }

    public bool TryTakeReady([NotNullWhen(true)] out GraphShard? shard)
    {
        shard = this.ready.TryTakeReady(out var step) ? this.shards[int.Parse(step.Name, CultureInfo.InvariantCulture)] : null;
        return shard is not null;
    }

    /// <summary>
    /// The shard's own run request: its steps, the products it consumes that exist, the reused
    /// products it makes, and who failed to make the ones it consumes that do not.
    /// </summary>
    public ShardRequest Request(GraphShard shard)
    {
        var own = new HashSet<string>(shard.Graph.Steps.Select(s => s.Name), StringComparer.Ordinal);
        var upstream = new Dictionary<string, UpstreamStep>(StringComparer.Ordinal);
        foreach (var product in shard.Consumes.Where(p => !this.available.Contains(p)).Order(StringComparer.Ordinal))
        {
            if (this.ProducerOf(product) is { } producer && !own.Contains(producer.Step))
            {
                upstream[product] = producer;
            }
        }

        return new ShardRequest
        {
            RunId = this.input.RunId,
            Shard = shard.Index,
            Graph = shard.Graph,
            RerunOf = this.input.RerunOf,
            Inputs = [.. shard.Consumes.Where(this.available.Contains).Order(StringComparer.Ordinal)],
            Reused = [.. shard.Graph.Steps.SelectMany(s => s.Produces).Select(p => p.Name).Where(this.reused.Contains)],
            ReusedSteps = [.. this.input.ReusedSteps.Where(own.Contains)],
            Upstream = upstream,
            GraphSecrets = GraphWalk.SecretsOf(this.input.Graph),

            // RunShard never splits; ShardSize 0 still says so to a worker of the version before it, which ran
            // shards with RunGraphOrchestrator and would read this request as a whole run's (a rolling upgrade).
            Options = this.input.Options with { MaxParallel = this.maxParallel, ShardSize = 0 },
        };
    }

    /// <summary>Records a shard's results, makes its products available, readies the shards that waited on it.</summary>
    /// <returns>The shard's step results.</returns>
    public IReadOnlyList<StepResult> Ended(GraphShard shard, RunResult result)
    {
        var steps = shard.Graph.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var step in result.Steps)
        {
            this.Results[step.Step] = step;
            if (step.State.IsSatisfied())
            {
                this.available.UnionWith(steps[step.Step].Produces.Select(p => p.Name));
            }
            else if (step.State == StepState.Failed)
            {
                this.FirstFailure ??= step.Step;
            }
        }

        this.ready.Complete(shard.Index.ToString(CultureInfo.InvariantCulture), succeeded: true);

        return result.Steps;
    }

    /// <summary>The steps without a result: those of every shard that never started.</summary>
    public IEnumerable<StepDefinition> Unreached() => this.input.Graph.Steps.Where(s => !this.Results.ContainsKey(s.Name));

    public string? FirstMissingInput(StepDefinition step) => step.Consumes.FirstOrDefault(p => !this.available.Contains(p));

    public UpstreamStep? ProducerOf(string product) => this.producers.GetValueOrDefault(product) is { } producer
        ? new UpstreamStep(producer, this.Results.TryGetValue(producer, out var result) ? result.State : StepState.NotStarted)
        : null;
}
