using Bazaar.Behaviors;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Scheduling;
using Microsoft.DurableTask;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Orchestration;

/// <summary>
/// Walks a graph inside an orchestration — a whole run's (<see cref="RunGraphOrchestrator"/>) or one
/// shard's (<see cref="RunShardOrchestrator"/>): a <see cref="GraphScheduler"/> hands out the ready
/// steps, each is dispatched (up to <see cref="RunOptions.MaxParallel"/>) through the step behaviours
/// (<see cref="StepPipeline"/>: skip-if-redundant, retry, timeout, execute in the orchestration),
/// the walk waits for whichever ends first, and dispatches what that unblocked — a step starts the
/// moment its last input exists. Deterministic: time and identity come only from the context. A
/// <see cref="BazaarTasks.CancelEvent"/> stops it: nothing new starts, retry waits end at once, the
/// steps in flight (which watch for the run's cancel request) end, and the rest are skipped.
/// </summary>
internal sealed class GraphWalk
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GraphDefinition, IReadOnlyList<string>> SecretNames = [];

    /// <summary>Gets the run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the steps to walk.</summary>
    public required GraphDefinition Graph { get; init; }

    /// <summary>Gets how the walk is carried out.</summary>
    public required RunOptions Options { get; init; }

    /// <summary>Gets every secret name of the whole run's graph, which each step's log is redacted of.</summary>
    public required IReadOnlyList<string> GraphSecrets { get; init; }

    /// <summary>Gets the products that exist before any step runs.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the products reused from an earlier run: a step that makes only these is not run.</summary>
    public IReadOnlyList<string> Reused { get; init; } = [];

    /// <summary>Gets the steps without products that succeeded in the run this one reruns.</summary>
    public IReadOnlyList<string> ReusedSteps { get; init; } = [];

    /// <summary>Gets the run this one reruns, or <see langword="null"/>.</summary>
    public string? RerunOf { get; init; }

    /// <summary>Gets, for a shard, who did not make the products it consumes that do not exist.</summary>
    public IReadOnlyDictionary<string, UpstreamStep> Upstream { get; init; } = new Dictionary<string, UpstreamStep>();

    /// <summary>
    /// Gets a value indicating whether the walk also stops starting steps on a
    /// <see cref="BazaarTasks.FailFastEvent"/>: a shard's, when a step of another shard failed under failFast.
    /// </summary>
    public bool HearsFailFast { get; init; }

    /// <summary>Walks the graph to its end.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <returns>How every step ended, in the graph's order.</returns>
    public async Task<RunResult> RunAsync(TaskOrchestrationContext context)
    {
        var startedAt = context.CurrentUtcDateTime;
        var graph = this.Graph;
        var options = this.Options;
        var scheduler = new GraphScheduler(graph, this.Inputs.Concat(this.Reused));
        var reused = new HashSet<string>(this.Reused, StringComparer.Ordinal);
        var reusedSteps = new HashSet<string>(this.ReusedSteps, StringComparer.Ordinal);
        var progress = new RunProgress(graph.Name, graph.Steps.Count);
        var inFlight = new Dictionary<Task<StepResult>, StepDefinition>();
        var results = new Dictionary<string, StepResult>(StringComparer.Ordinal);
        var maxParallel = Math.Max(1, options.MaxParallel);
        string? firstFailure = null;
        string? cancelled = null;
        var cancelRequest = context.WaitForExternalEvent<string>(BazaarTasks.CancelEvent);
        var failFastRequest = this.HearsFailFast ? context.WaitForExternalEvent<string>(BazaarTasks.FailFastEvent) : null;
        using var cancelWaits = new CancellationTokenSource();

        bool Stopping() => cancelled is not null || (firstFailure is not null && options.FailurePolicy == FailurePolicy.FailFast);

        void DispatchReady()
        {
            while (!Stopping() && inFlight.Count < maxParallel && scheduler.TryTakeReady(out var step))
            {
                var request = new ExecuteStepRequest { RunId = this.RunId, Step = step, TimeoutGrace = options.TimeoutGrace, CallHomeCheck = options.CallHomeCheck, GraphSecrets = this.GraphSecrets };
                var dispatch = new StepDispatch { Context = context, Request = request, ReusedProducts = reused, ReusedSteps = reusedSteps, RerunOf = this.RerunOf, RunCancelled = cancelWaits.Token };
                var running = StepPipeline.DispatchAsync(dispatch);
                if (running.IsCompleted)
                {
                    // A behaviour decided without running the step (skip-if-redundant: what it makes is
                    // already here): its consumers become ready at once, and the loop takes them next.
                    Finished(step, running.Result);
                    continue;
                }

                inFlight.Add(running, step);
                progress.Started(step.Name);
            }

            context.SetCustomStatus(progress.ToStatus());
        }

        void Finished(StepDefinition step, StepResult result)
        {
            results[step.Name] = result;
            progress.Finished(step.Name, result.State);
            var succeeded = result.State.IsSatisfied();
            scheduler.Complete(step.Name, succeeded);
            if (!succeeded)
            {
                firstFailure ??= step.Name;
            }
        }

        DispatchReady();
        while (inFlight.Count > 0)
        {
            IEnumerable<Task> awaited = cancelled is null ? inFlight.Keys.Append<Task>(cancelRequest) : inFlight.Keys;
            awaited = failFastRequest is null || firstFailure is not null ? awaited : awaited.Append(failFastRequest);
            var next = await Task.WhenAny(awaited);
            if (next == failFastRequest)
            {
                firstFailure ??= failFastRequest.Result;
                continue;
            }

            if (next == cancelRequest)
            {
                cancelled = string.IsNullOrWhiteSpace(cancelRequest.Result) ? "cancel requested" : cancelRequest.Result;
                cancelWaits.Cancel();
                progress.Cancelled = cancelled;
                context.SetCustomStatus(progress.ToStatus());
                continue;
            }

            var done = (Task<StepResult>)next;
            var finished = inFlight[done];
            inFlight.Remove(done);
            Finished(finished, await done);
            DispatchReady();
        }

        var unreached = scheduler.Unreached();
        var producers = unreached.Count == 0 ? null : ProducerIndex(graph);
        UpstreamStep? ProducerOf(string product) => producers!.GetValueOrDefault(product) is { } producer
            ? new UpstreamStep(producer, scheduler.GetState(producer))
            : this.Upstream.GetValueOrDefault(product);
        foreach (var step in unreached)
        {
            results[step.Name] = StepOutcomes.Skipped(step, scheduler.FirstMissingInput(step.Name), ProducerOf, options.FailurePolicy, firstFailure, cancelled);
            progress.Finished(step.Name, StepState.Skipped);
        }

        context.SetCustomStatus(progress.ToStatus());
        return Result(context, this.RunId, graph, startedAt, results, cancelled);
    }

    /// <summary>Every secret name in the graph, worked out once per graph object (a pure function of it, so replay-safe).</summary>
    /// <param name="graph">The whole run's graph.</param>
    /// <returns>The names, sorted, each once.</returns>
    internal static IReadOnlyList<string> SecretsOf(GraphDefinition graph) =>
        SecretNames.GetValue(graph, g => [.. g.Steps.SelectMany(s => s.Secrets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    /// <summary>The result of a walk, or of a sharded run: every step's result in the graph's order.</summary>
    internal static RunResult Result(
        TaskOrchestrationContext context, string runId, GraphDefinition graph, DateTime startedAt, Dictionary<string, StepResult> results, string? cancelled)
    {
        var ordered = graph.Steps.Select(s => results[s.Name]).ToList();
        return new RunResult
        {
            RunId = runId,
            Graph = graph.Name,
            Succeeded = cancelled is null && ordered.TrueForAll(r => r.State.IsSatisfied()),
            Cancelled = cancelled,
            StartedAt = startedAt,
            EndedAt = context.CurrentUtcDateTime,
            Steps = ordered,
        };
    }

    /// <summary>Which step makes each product (the first, in an invalid graph that has two).</summary>
    internal static Dictionary<string, string> ProducerIndex(GraphDefinition graph)
    {
        var producers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in graph.Steps)
        {
            foreach (var product in step.Produces)
            {
                producers.TryAdd(product.Name, step.Name);
            }
        }

        return producers;
    }
}
