using Bazaar.Behaviors;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Orchestration;

/// <summary>
/// Runs one attempt of one step: resolves its remote, gives it a workspace and a log, runs it through
/// the activity halves of the step's behaviours (<see cref="StepPipeline"/>: cache, timeout, execute),
/// and writes the step record and the refs of what it produced. Step failures are results, not exceptions. It is given
/// each part of the store it uses; <c>transfer</c> only where the store can sign URLs for payload remotes.
/// </summary>
internal sealed partial class ExecuteStepActivity(
    IEnumerable<IRemote> remotes,
    IContentStore content,
    IProductRefs refs,
    IStepRecords records,
    IStepLogs logs,
    IActionCache cache,
    ICancelRequests cancelRequests,
    TimeProvider clock,
    IOptions<BazaarOptions> options,
    IEnumerable<IStepObserver> observers,
    ILogger<ExecuteStepActivity> logger,
    IProductTransfer? transfer = null,
    IHostApplicationLifetime? lifetime = null,
    ICallHomeEndpoints? callHome = null)
    : TaskActivity<ExecuteStepRequest, StepResult>
{
    // The activity halves of the step's behaviours (cache, timeout, execute), in StepPipeline's order.
    private readonly Func<StepAttempt, Task<AttemptOutcome>> behaviors = StepPipeline.ForActivity(new AttemptServices(content, refs, cache, clock, callHome));

    public override async Task<StepResult> RunAsync(TaskActivityContext context, ExecuteStepRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = lifetime?.ApplicationStopping ?? CancellationToken.None;
        var step = input.Step;
        if (step.Run is null)
        {
            return await this.MarkAsync(input, cancellationToken).ConfigureAwait(false);
        }

        var record = new StepResult
        {
            Step = step.Name,
            State = StepState.Running,
            Remote = step.Remote.Type,
            Attempts = input.Attempt,
            StartedAt = input.End?.StartedAt ?? clock.GetUtcNow(),
            Log = logs.GetLogLocation(input.RunId, step.Name, input.Attempt),
            Job = input.End?.Job,
        };

        // Every secret of the graph is redacted, not only this step's: a host variable a step did not
        // declare can still reach it (a remote that inherits the host environment, a file it reads).
        var secrets = ReadSecrets(input.GraphSecrets.Concat(step.Secrets));
        var redactor = new SecretRedactor(secrets.Values);
        var workspacePath = Path.Combine(options.Value.WorkRoot, input.RunId, step.Name, input.Attempt.ToString());
        using var workspace = new LocalStepWorkspace(content, refs, transfer, input.RunId, step, input.Attempt, workspacePath, options.Value.KeepWorkspaces)
        {
            WorkRoot = options.Value.WorkRoot,
        };
        IStepLog sink;
        if (input.End is null)
        {
            workspace.FetchInputsAhead(cancellationToken);
            sink = await this.StartAsync(input, record, cancellationToken).ConfigureAwait(false);
            this.Started(input, record);
        }
        else
        {
            // Ending a call-home attempt: its running record is there since its submission; its log goes on.
            sink = await logs.OpenLogAsync(input.RunId, step.Name, input.Attempt, cancellationToken).ConfigureAwait(false);
        }

        // Always wrapped: without secrets it still redacts the SAS signatures a remote echoes back.
        var log = new RedactingStepLog(sink, redactor);
        IReadOnlyList<ProductRef> unwritten = [];
        var cancel = new CancelWatch(cancelRequests, input.RunId, options.Value.CancelPollInterval, clock, cancellationToken);
        await using (cancel.ConfigureAwait(false))
        {
            try
            {
                var attempt = new StepAttempt
                {
                    Request = input,
                    InstanceId = context.InstanceId,
                    Record = record,
                    Remote = this.Resolve(step, secrets),
                    Workspace = workspace,
                    Log = log,
                    Environment = BuildEnvironment(input, workspace.Path, secrets),
                    WithheldVariables = [.. input.GraphSecrets.Except(step.Secrets, StringComparer.Ordinal)],
                    CancellationToken = cancel.Token,
                };
                (record, unwritten) = await this.behaviors(attempt).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.Reason is { } reason)
            {
                record = record with { State = StepState.Cancelled, Error = $"stopped: the run was cancelled ({reason})" };
            }
            catch (BazaarException ex)
            {
                // Thrown around the remote (its inputs, its outputs, this host's set-up): the step's own
                // failure unless the thrower said otherwise (a missing secret is a misconfiguration).
                record = record with { State = StepState.Failed, Error = ex.Message, Failure = ex.Kind ?? FailureKind.StepFailed };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Logs.StepCrashed(logger, ex, input.RunId, step.Name);
                record = record with
                {
                    State = StepState.Failed,
                    Failure = FailureKind.StepFailed,
                    Error = $"step '{step.Name}' failed inside Bazaar ({ex.GetType().Name}: {ex.Message}); this is a bug, please report it with the step's log",
                };
            }
            catch (OperationCanceledException)
            {
                // Neither the run's cancel nor the timeout's backstop: the host is stopping. The log is still flushed.
                await log.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            if (record.Error is { } error)
            {
                await log.WriteLineAsync($"[bazaar] {error}", CancellationToken.None).ConfigureAwait(false);
            }
        }

        // A call-home attempt was submitted and runs on: its record stays running, with its job, until
        // the orchestration has this activity end it (ExecuteStepRequest.End).
        var submitted = record is { State: StepState.Running, Job: not null };
        record = record with { EndedAt = submitted ? null : clock.GetUtcNow(), Error = redactor.Redact(record.Error), Note = redactor.Redact(record.Note) };

        // The rest of the log, the product refs and the final record do not depend on one another: they
        // are written side by side, one round trip instead of three, and all are stored before this returns.
        await Task.WhenAll(
            [log.DisposeAsync().AsTask(), records.WriteStepRecordAsync(input.RunId, record, CancellationToken.None), .. this.WriteRefs(input.RunId, unwritten)])
            .ConfigureAwait(false);
        if (!submitted)
        {
            this.Ended(input, record);
        }

        // The record is stored whole; the orchestration history gets it with its text bounded.
        return HistoryText.ForHistory(record, input.RunId);
    }

    /// <summary>
    /// A step without a command only makes its products exist (BazaarCI's step without a target). It
    /// has no log, no workspace and nothing to cancel, so it costs its product refs — not the running
    /// record, log blob and cancel watch a command needs (issue 9: these tripled the storage calls of a
    /// no-op step), nor a step record when it succeeds (issue 16: <see cref="MarkerSteps"/>).
    /// </summary>
    private async Task<StepResult> MarkAsync(ExecuteStepRequest input, CancellationToken cancellationToken)
    {
        var step = input.Step;
        var record = new StepResult { Step = step.Name, State = StepState.Running, Remote = step.Remote.Type, Attempts = input.Attempt, StartedAt = clock.GetUtcNow() };
        this.Started(input, record);

        try
        {
            record = record with { State = StepState.Succeeded, Products = await this.StageMarkersAsync(input, cancellationToken).ConfigureAwait(false) };
        }
        catch (BazaarException ex)
        {
            record = record with { State = StepState.Failed, Error = SecretRedactor.RedactSas(ex.Message), Failure = ex.Kind ?? FailureKind.StepFailed };
        }

        // A first attempt that made its products is recorded by their refs alone (MarkerSteps): one write
        // a product. Otherwise the record too, side by side: a failure must be read, and a retried step's
        // record from its failed attempt must not outlive the attempt that made the products.
        record = record with { EndedAt = clock.GetUtcNow() };
        var byRefs = record.State == StepState.Succeeded && input.Attempt == 1 && MarkerSteps.IsRecordedByRefs(step);
        await Task.WhenAll([.. this.WriteRefs(input.RunId, record.Products), byRefs ? Task.CompletedTask : records.WriteStepRecordAsync(input.RunId, record, CancellationToken.None)]).ConfigureAwait(false);
        this.Ended(input, record);

        return HistoryText.ForHistory(record, input.RunId);
    }

    /// <summary>
    /// Resolves the step's remote and checks what the host must give it (its secrets, which the host
    /// may share) before any behaviour runs: a step that cannot run as set up fails as misconfigured
    /// whether or not its outputs are cached.
    /// </summary>
    private IRemote Resolve(StepDefinition step, Dictionary<string, string> secrets)
    {
        if (ShareableSecrets.Problem(step, options.Value.ShareableSecrets) is { } refused)
        {
            // Checked here as well as at submission: a run can start from a graph no API saw (the CLI,
            // a rerun, a host whose list changed since).
            throw new BazaarException(char.ToUpperInvariant(refused[0]) + refused[1..]) { Kind = FailureKind.Misconfigured };
        }

        if (step.Secrets.FirstOrDefault(s => !secrets.ContainsKey(s)) is { } unset)
        {
            throw new BazaarException(
                $"Step '{step.Name}' needs the secret {unset}, which is not set in the environment of this host (process {Environment.ProcessId}). " +
                $"Set {unset} where `bazaar run` or `bazaar serve` runs (in Azure, as an app setting), or remove it from the step's secrets:.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        return remotes.LastOrDefault(r => r.Type == step.Remote.Type) ?? throw new BazaarException(
            $"Step '{step.Name}' runs on remote type '{step.Remote.Type}', which is not installed in this host " +
            $"(installed: {string.Join(", ", remotes.Select(r => r.Type).Distinct().Order())}). Install its plug-in or choose another remote.")
        {
            Kind = FailureKind.Misconfigured,
        };
    }

    private async Task<IReadOnlyList<ProductRef>> StageMarkersAsync(ExecuteStepRequest input, CancellationToken cancellationToken)
    {
        var producer = new ProductProducer(input.RunId, input.Step.Name, input.Attempt, input.Step.Remote.Type);
        var products = new List<ProductRef>();
        foreach (var output in input.Step.Produces)
        {
            products.Add(await content.StageAsync(input.RunId, output.Name, null, producer, cancellationToken).ConfigureAwait(false));
        }

        return products;
    }

    private IEnumerable<Task> WriteRefs(string runId, IReadOnlyList<ProductRef> products) =>
        products.Select(product => refs.WriteRefAsync(runId, product, CancellationToken.None));
}
