using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Scheduling;
using Microsoft.DurableTask;

// Orchestrator code must resume on the orchestration's own context: ConfigureAwait(false) would break replay.
#pragma warning disable CA2007

namespace Bazaar.Orchestration;

/// <summary>
/// Walks a graph: dispatches every ready step (up to <see cref="RunOptions.MaxParallel"/>) as an
/// <c>ExecuteStep</c> activity, waits for whichever ends first, and dispatches what that unblocked
/// — a step starts the moment its last input exists. Deterministic: time and identity come only
/// from the context. A <see cref="BazaarTasks.CancelEvent"/> stops it: nothing new starts, retry
/// waits end at once, the steps in flight (which watch for the run's cancel request) end, and the
/// rest are skipped. A graph over <see cref="RunOptions.ShardSize"/> steps is walked in shards,
/// each a sub-orchestration of this same orchestrator (<see cref="ShardedRun"/>).
/// </summary>
public sealed partial class RunGraphOrchestrator : TaskOrchestrator<RunRequest, RunResult>
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GraphDefinition, IReadOnlyList<string>> SecretNames = [];

    /// <inheritdoc/>
    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        if (input.Options.ShardSize > 0 && input.Graph.Steps.Count > input.Options.ShardSize)
        {
            return await ShardedRun.RunAsync(context, input);
        }

        var startedAt = context.CurrentUtcDateTime;
        var graph = input.Graph;
        var scheduler = new GraphScheduler(graph, input.Inputs.Concat(input.Reused));
        var reused = new HashSet<string>(input.Reused, StringComparer.Ordinal);
        var reusedSteps = new HashSet<string>(input.ReusedSteps, StringComparer.Ordinal);
        var progress = new RunProgress(graph.Name, graph.Steps.Count);
        var inFlight = new Dictionary<Task<StepResult>, StepDefinition>();
        var results = new Dictionary<string, StepResult>(StringComparer.Ordinal);
        var maxParallel = Math.Max(1, input.Options.MaxParallel);
        string? firstFailure = null;
        string? cancelled = null;
        var cancelRequest = context.WaitForExternalEvent<string>(BazaarTasks.CancelEvent);

        // A shard also stops starting steps when a step of another shard failed under failFast.
        var failFastRequest = input.Shard is null ? null : context.WaitForExternalEvent<string>(BazaarTasks.FailFastEvent);
        using var cancelWaits = new CancellationTokenSource();

        void DispatchReady()
        {
            var stopping = cancelled is not null || (firstFailure is not null && input.Options.FailurePolicy == FailurePolicy.FailFast);
            while (!stopping && inFlight.Count < maxParallel && scheduler.TryTakeReady(out var step))
            {
                if (IsRedundant(step, reused, reusedSteps))
                {
                    // Skip-if-redundant: what this step makes is already here, so it is not run, and
                    // its consumers become ready at once (the loop takes them next).
                    results[step.Name] = Reused(step, input.RerunOf);
                    progress.Finished(step.Name, StepState.Reused);
                    scheduler.Complete(step.Name, succeeded: true);
                    continue;
                }

                inFlight.Add(ExecuteWithRetriesAsync(context, input, step, cancelWaits.Token), step);
                progress.Started(step.Name);
            }

            context.SetCustomStatus(progress.ToStatus());
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
            var result = await done;
            results[finished.Name] = result;
            progress.Finished(finished.Name, result.State);

            var succeeded = result.State.IsSatisfied();
            scheduler.Complete(finished.Name, succeeded);
            if (!succeeded)
            {
                firstFailure ??= finished.Name;
            }

            DispatchReady();
        }

        var unreached = scheduler.Unreached();
        var producers = unreached.Count == 0 ? null : ProducerIndex(graph);
        UpstreamStep? ProducerOf(string product) => producers!.GetValueOrDefault(product) is { } producer
            ? new UpstreamStep(producer, scheduler.GetState(producer))
            : input.Upstream.GetValueOrDefault(product);
        foreach (var step in unreached)
        {
            results[step.Name] = Skipped(step, scheduler.FirstMissingInput(step.Name), ProducerOf, input.Options.FailurePolicy, firstFailure, cancelled);
            progress.Finished(step.Name, StepState.Skipped);
        }

        context.SetCustomStatus(progress.ToStatus());
        var ended = Result(context, input, startedAt, results, cancelled);
        return input.Shard is { } shard ? await ShardedRun.HandOverAsync(context, shard, ended) : ended;
    }

    internal static RunResult Result(TaskOrchestrationContext context, RunRequest input, DateTime startedAt, Dictionary<string, StepResult> results, string? cancelled)
    {
        var ordered = input.Graph.Steps.Select(s => results[s.Name]).ToList();
        return new RunResult
        {
            RunId = input.RunId,
            Graph = input.Graph.Name,
            Succeeded = cancelled is null && ordered.TrueForAll(r => r.State.IsSatisfied()),
            Cancelled = cancelled,
            StartedAt = startedAt,
            EndedAt = context.CurrentUtcDateTime,
            Steps = ordered,
        };
    }

    private static async Task<StepResult> ExecuteWithRetriesAsync(
        TaskOrchestrationContext context, RunRequest run, StepDefinition step, CancellationToken cancelled)
    {
        var attempts = Math.Max(1, step.Retry?.Attempts ?? 1);
        for (var attempt = 1; ; attempt++)
        {
            var result = await ExecuteOnceAsync(context, run, step, attempt);
            var kind = KindOf(result);
            var retry = result.State == StepState.Failed && attempt < attempts && !cancelled.IsCancellationRequested && step.Retry!.Retries(kind);
            if (!retry)
            {
                return attempt > 1 || (result.State == StepState.Failed && kind == FailureKind.Misconfigured && attempts > 1)
                    ? result with { Behavior = result.Behavior ?? "retry", Note = Tries(result, kind, attempt, attempts) }
                    : result;
            }

            var backoff = step.Retry!.Backoff * Math.Pow(2, attempt - 1);
            if (backoff > TimeSpan.Zero)
            {
                try
                {
                    await context.CreateTimer(backoff, cancelled);
                }
                catch (OperationCanceledException)
                {
                    // The run was cancelled while this step waited to retry: its last failure stands.
                    return result;
                }
            }
        }
    }

    /// <summary>
    /// The failure's kind. A result in a history written before failure kinds existed has none, only
    /// <see cref="StepResult.Retryable"/>; reading that as infrastructure or the step's failure makes
    /// the same decision the run made then, so its replay stays deterministic.
    /// </summary>
    private static FailureKind KindOf(StepResult result) =>
        result.Failure ?? (result.Retryable ? FailureKind.Infrastructure : FailureKind.StepFailed);

    /// <summary>
    /// One attempt as an activity. With a timeout, a durable timer at the timeout plus
    /// <see cref="RunOptions.TimeoutGrace"/> backs up the remote's own enforcement and the
    /// activity's (which cancels the remote at the same moment): if the activity has not reported
    /// by then — its host hung or died — the attempt fails without it.
    /// </summary>
    private static async Task<StepResult> ExecuteOnceAsync(TaskOrchestrationContext context, RunRequest run, StepDefinition step, int attempt)
    {
        var activity = CallActivityAsync(context, new ExecuteStepRequest { RunId = run.RunId, Step = step, Attempt = attempt, TimeoutGrace = run.Options.TimeoutGrace, GraphSecrets = run.GraphSecrets ?? GraphSecrets(run.Graph) });
        if (step.Timeout is not { } timeout)
        {
            return await activity;
        }

        using var stopTimer = new CancellationTokenSource();
        var deadline = timeout + run.Options.TimeoutGrace;
        var backstop = context.CreateTimer(deadline, stopTimer.Token);
        if (await Task.WhenAny(activity, backstop) == activity)
        {
            stopTimer.Cancel();
            return await activity;
        }

        return new StepResult
        {
            Step = step.Name,
            State = StepState.Failed,
            Remote = step.Remote.Type,
            Attempts = attempt,
            Failure = FailureKind.TimedOut,
            Behavior = Backstop.Behavior,
            Error = Backstop.Message(step, run.Options.TimeoutGrace) + " The run stopped waiting for it; the work may still be running there.",
        };
    }

    private static async Task<StepResult> CallActivityAsync(TaskOrchestrationContext context, ExecuteStepRequest request)
    {
        var (step, attempt) = (request.Step, request.Attempt);
        try
        {
            return await context.CallActivityAsync<StepResult>(BazaarTasks.ExecuteStep, request);
        }
        catch (TaskFailedException ex)
        {
            // The activity reports step failures as results; an exception here means the host
            // itself could not run it (a crash, a storage outage), which is worth another try.
            return HistoryText.ForHistory(new StepResult
            {
                Step = step.Name,
                State = StepState.Failed,
                Remote = step.Remote.Type,
                Attempts = attempt,
                Failure = FailureKind.Infrastructure,
                Error = $"step '{step.Name}' could not be run by the host: {ex.FailureDetails?.ErrorMessage ?? ex.Message}",
            });
        }
    }

    private static string Tries(StepResult result, FailureKind kind, int attempt, int attempts)
    {
        if (result.State != StepState.Failed)
        {
            return $"{StepStateName(result.State)} on try {attempt} of {attempts}";
        }

        var tries = attempt == 1 ? $"failed on try 1 of {attempts}" : $"failed on all {attempt} of {attempts} tries";
        return attempt == attempts ? tries
            : kind == FailureKind.Misconfigured ? tries + " (not tried again: the step is misconfigured, which no retry mends; fix what the error names)"
            : tries + " (the last failure is not retryable; retry: { on: any } retries every failure)";
    }

    /// <summary>Every secret name in the graph, worked out once per graph object (a pure function of it, so replay-safe).</summary>
    internal static IReadOnlyList<string> GraphSecrets(GraphDefinition graph) =>
        SecretNames.GetValue(graph, g => [.. g.Steps.SelectMany(s => s.Secrets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    private static string StepStateName(StepState state) => state.ToString().ToLowerInvariant();

    private static bool IsRedundant(StepDefinition step, HashSet<string> reused, HashSet<string> reusedSteps) =>
        step.Produces.Count > 0 ? step.Produces.All(p => reused.Contains(p.Name)) : reusedSteps.Contains(step.Name);

    private static StepResult Reused(StepDefinition step, string? rerunOf) => new()
    {
        Step = step.Name,
        State = StepState.Reused,
        Remote = step.Remote.Type,
        Behavior = "skip-if-redundant",
        Note = step.Produces.Count > 0
            ? $"not run: its product{(step.Produces.Count > 1 ? "s" : string.Empty)} {string.Join(", ", step.Produces.Select(p => p.Name))} already exist{(step.Produces.Count > 1 ? string.Empty : "s")}{(rerunOf is null ? string.Empty : $", from run {rerunOf}")}"
            : $"not run: it succeeded in run {rerunOf}",
    };

    /// <summary>Why a step never started, naming the product it waited for and the step that did not make it.</summary>
    internal static StepResult Skipped(
        StepDefinition step, string? missing, Func<string, UpstreamStep?> producerOf, FailurePolicy policy, string? firstFailure, string? cancelled)
    {
        var producer = missing is null ? null : producerOf(missing);
        string reason;
        if (cancelled is not null)
        {
            reason = $"not run: the run was cancelled ({cancelled})";
        }
        else if (producer is { State: StepState.Failed })
        {
            reason = $"not run: it consumes '{missing}', which step '{producer.Step}' did not produce because it failed";
        }
        else if (producer is not null)
        {
            reason = $"not run: it consumes '{missing}', which step '{producer.Step}' never produced because it was not run";
        }
        else if (firstFailure is not null && policy == FailurePolicy.FailFast)
        {
            reason = $"not run: the run stopped starting new steps after step '{firstFailure}' failed (failure policy failFast)";
        }
        else
        {
            reason = missing is null ? "not run" : $"not run: its input '{missing}' never existed";
        }

        return new StepResult { Step = step.Name, State = StepState.Skipped, Remote = step.Remote.Type, Error = reason };
    }

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
