using Bazaar.Files;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Behaviors;

/// <summary>
/// The execute behaviour's activity half, last in the chain: it runs the attempt on its remote and, when
/// the remote succeeded, stores each declared output by digest (the refs are written by the activity,
/// with the record). A remote that could not do its job fails the attempt as infrastructure unless it
/// said what kind of failure it was.
/// </summary>
/// <param name="services">The content store outputs are staged in, and the clock.</param>
internal sealed class RemoteExecution(AttemptServices services) : IAttemptBehavior
{
    /// <summary>How many of a step's outputs are stored at once.</summary>
    private const int MaxOutputsInFlight = 4;

    /// <inheritdoc/>
    public async Task<AttemptOutcome> RunAsync(StepAttempt attempt, Func<StepAttempt, Task<AttemptOutcome>> next)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Request.End is { } end)
        {
            return await this.EndAsync(attempt, end).ConfigureAwait(false);
        }

        var (input, step, record) = (attempt.Request, attempt.Request.Step, attempt.Record);
        var stepContext = attempt.ToStepContext();
        RemoteResult result;
        try
        {
            if (attempt.Remote is ICallHomeRemote callHome)
            {
                return await this.SubmitAsync(attempt, callHome, stepContext).ConfigureAwait(false);
            }

            result = await attempt.Remote.ExecuteAsync(stepContext, attempt.CancellationToken).ConfigureAwait(false);
        }
        catch (BazaarException ex)
        {
            // The remote could not do its job. Unless it said what kind of failure that was (a
            // misconfiguration, which no retry mends), the infrastructure failed: worth another try.
            return new AttemptOutcome(record with { State = StepState.Failed, Error = ex.Message, Failure = ex.Kind ?? FailureKind.Infrastructure }, []);
        }

        record = record with { ExitCode = result.ExitCode };
        if (result.Failure is { } failure)
        {
            return new AttemptOutcome(
                record with
                {
                    State = StepState.Failed,
                    Error = result.Message ?? $"step '{step.Name}' exited with code {result.ExitCode}",
                    Failure = failure,
                    Behavior = failure == FailureKind.TimedOut ? "timeout" : null,
                },
                []);
        }

        var products = await this.CollectOutputsAsync(input, attempt.Workspace, attempt.Workspace.UrlsIssued, attempt.CancellationToken).ConfigureAwait(false);
        return new AttemptOutcome(record with { State = StepState.Succeeded, Products = products }, products);
    }

    /// <summary>
    /// Submits a call-home attempt: the request the agent gets, with its SAS URLs and its call-home
    /// endpoints, goes to the remote, and the attempt's record comes back still running, naming its job.
    /// The orchestration then waits for the call (<see cref="CallHomeAttempt"/>).
    /// </summary>
    private async Task<AttemptOutcome> SubmitAsync(StepAttempt attempt, ICallHomeRemote remote, StepContext stepContext)
    {
        var (input, step) = (attempt.Request, attempt.Request.Step);
        var answering = remote as IAnsweringCallHomeRemote;

        // A remote that may answer by itself (a function) also runs on a host that takes no calls (`bazaar run`):
        // its request then offers no callback, and its handler must answer, at once or at a status URL.
        var endpoints = answering is not null && services.CallHome is { TakesCalls: false } ? null : services.CallHome;
        if (endpoints is null && answering is null)
        {
            throw new BazaarException(
                $"Step '{step.Name}' runs on remote type '{step.Remote.Type}', whose jobs call this host back when they end, but this host takes no calls. " +
                "Run it on `bazaar serve` or the Function App, with BAZAAR_CALLBACK_URL set to the address the job can reach.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        var deadline = CallHomeAttempt.Deadline(input, attempt.Record);
        var request = await RemoteStepProtocol.CreateRequestAsync(stepContext, deadline, attempt.CancellationToken).ConfigureAwait(false) with
        {
            CallHome = endpoints?.Create(attempt.InstanceId, input.RunId, step.Name, input.Attempt, deadline),
        };
        var submission = answering is null
            ? new CallHomeSubmission(await remote.SubmitAsync(stepContext, request, attempt.CancellationToken).ConfigureAwait(false))
            : await answering.SubmitForAnswerAsync(stepContext, request, attempt.CancellationToken).ConfigureAwait(false);
        if (submission.Response is { } answer)
        {
            return await this.AnsweredAsync(attempt, answer, $"{step.Remote.Type} {submission.Job}", uploaded: attempt.Workspace.UrlsIssued).ConfigureAwait(false);
        }

        var waiting = submission.NextCheck is null ? "waiting for it to call home" : "asking it for its answer";
        await attempt.Log.WriteLineAsync($"[bazaar] submitted to {step.Remote.Type} as {submission.Job}; {waiting}, at the latest by {deadline:u}", attempt.CancellationToken).ConfigureAwait(false);
        return new AttemptOutcome(attempt.Record with { Job = submission.Job, NextCheck = submission.NextCheck }, []);
    }

    /// <summary>Ends an attempt with the handler's response: its log and exit code, and on success its uploaded outputs.</summary>
    private async Task<AttemptOutcome> AnsweredAsync(StepAttempt attempt, RemoteStepResponse response, string where, bool uploaded)
    {
        var result = await RemoteStepProtocol.ToResultAsync(attempt.ToStepContext(), response, where, attempt.CancellationToken).ConfigureAwait(false);
        var record = attempt.Record with { ExitCode = result.ExitCode };
        if (result.Failure is { } failure)
        {
            return new AttemptOutcome(record with { State = StepState.Failed, Error = result.Message, Failure = failure, Behavior = failure == FailureKind.TimedOut ? "timeout" : null }, []);
        }

        var products = await this.CollectOutputsAsync(attempt.Request, attempt.Workspace, uploaded, attempt.CancellationToken).ConfigureAwait(false);
        return new AttemptOutcome(record with { State = StepState.Succeeded, Products = products }, products);
    }

    /// <summary>
    /// Ends a call-home attempt the orchestration waited for: a call is cross-checked with the service and,
    /// on success, the outputs the job uploaded are collected; a job still running (a timeout, a cancelled
    /// run) is cancelled; the job is deleted whatever happened — a job that cannot be deleted is left for
    /// the janitor, said in the log.
    /// </summary>
    /// <param name="attempt">The attempt, its record running and naming the job.</param>
    /// <param name="end">How the wait ended.</param>
    /// <returns>How the attempt ended, and the refs of its products, not yet written.</returns>
    private async Task<AttemptOutcome> EndAsync(StepAttempt attempt, Orchestration.CallHomeEnd end)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(end);
        var (input, step, record) = (attempt.Request, attempt.Request.Step, attempt.Record);
        var where = $"{step.Remote.Type} job {end.Job}";
        if (attempt.Remote is not ICallHomeRemote remote)
        {
            return new AttemptOutcome(record with
            {
                State = StepState.Failed,
                Failure = FailureKind.Misconfigured,
                Error = $"step '{step.Name}' was submitted as {where}, but remote type '{step.Remote.Type}' no longer calls home in this host; its job was not deleted",
            }, []);
        }

        try
        {
            return await this.ConcludeAsync(attempt, remote, end, where).ConfigureAwait(false);
        }
        catch (BazaarException ex)
        {
            return new AttemptOutcome(record with { State = StepState.Failed, Error = ex.Message, Failure = ex.Kind ?? FailureKind.Infrastructure }, []);
        }
        finally
        {
            try
            {
                await remote.DeleteAsync(step.Remote, end.Job, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BazaarException ex)
            {
                await attempt.Log.WriteLineAsync($"[bazaar] could not delete {where} ({ex.Message}); the janitor removes it later", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<AttemptOutcome> ConcludeAsync(StepAttempt attempt, ICallHomeRemote remote, Orchestration.CallHomeEnd end, string where)
    {
        var (input, step, record) = (attempt.Request, attempt.Request.Step, attempt.Record);
        switch (end.Ending)
        {
            case Orchestration.CallHomeEnding.Called when end.Response is { } called:
            {
                var response = end.LogTail is { } tail ? called with { LogTail = await this.ReadTailAsync(tail, attempt.CancellationToken).ConfigureAwait(false) } : called;
                var result = await RemoteStepProtocol.ToResultAsync(attempt.ToStepContext(), response, where, attempt.CancellationToken).ConfigureAwait(false);
                record = record with { ExitCode = result.ExitCode };
                if (result.Failure is { } failure)
                {
                    return new AttemptOutcome(record with { State = StepState.Failed, Error = result.Message, Failure = failure, Behavior = failure == FailureKind.TimedOut ? "timeout" : null }, []);
                }

                // A success is believed only if the service agrees: a job it says failed, or never ran, did not succeed.
                var status = await remote.DescribeAsync(step.Remote, end.Job, attempt.CancellationToken).ConfigureAwait(false);
                if (status.State == CallHomeJobState.Pending || status is { State: CallHomeJobState.Ended, ExitCode: not null and not 0 })
                {
                    return new AttemptOutcome(record with
                    {
                        State = StepState.Failed,
                        Failure = FailureKind.Infrastructure,
                        Error = $"step '{step.Name}' reported success from {where}, but the service says the job {(status.State == CallHomeJobState.Pending ? "has not started" : $"exited with code {status.ExitCode}")}" +
                            (status.Reason is { } why ? $" ({why})" : string.Empty) + "; the report was not trusted",
                    }, []);
                }

                var products = await this.CollectOutputsAsync(input, attempt.Workspace, uploaded: true, attempt.CancellationToken).ConfigureAwait(false);
                return new AttemptOutcome(record with { State = StepState.Succeeded, Products = products }, products);
            }

            case Orchestration.CallHomeEnding.Answered when remote is IAnsweringCallHomeRemote answering:
            {
                // The service's own answer (a function's status URL), read once more here: history holds no response body.
                var response = await answering.ReadResponseAsync(step.Remote, end.Job, attempt.CancellationToken).ConfigureAwait(false);
                return await this.AnsweredAsync(attempt, response, where, uploaded: true).ConfigureAwait(false);
            }

            case Orchestration.CallHomeEnding.Cancelled:
                await remote.CancelAsync(step.Remote, end.Job, CancellationToken.None).ConfigureAwait(false);
                return new AttemptOutcome(record with { State = StepState.Cancelled, Error = $"stopped: the run was cancelled; {where} was cancelled" }, []);

            case Orchestration.CallHomeEnding.Died:
            {
                var status = end.Status;
                var how = status is { State: CallHomeJobState.Gone } ? "is gone" : status?.ExitCode is { } code ? $"exited with code {code}" : "ended";
                return new AttemptOutcome(record with
                {
                    State = StepState.Failed,
                    ExitCode = status?.ExitCode,
                    Failure = FailureKind.Infrastructure,
                    Error = $"step '{step.Name}' ran as {where}, which {how} without calling home" + (status?.Reason is { } reason ? $": {reason}" : string.Empty) +
                        ". Its agent never reported; see the service's logs of the job",
                }, []);
            }

            default:
            {
                await remote.CancelAsync(step.Remote, end.Job, CancellationToken.None).ConfigureAwait(false);
                var deadline = input.Deadline is { } d ? $" ({d:u})" : string.Empty;
                var message = $"step '{step.Name}' did not call home from {where} by its deadline{deadline} and was cancelled; raise its timeout: or make it faster";
                await attempt.Log.WriteLineAsync($"[bazaar] {message}", CancellationToken.None).ConfigureAwait(false);
                return new AttemptOutcome(record with { State = StepState.Failed, ExitCode = 124, Failure = FailureKind.TimedOut, Behavior = "timeout", Error = message }, []);
            }
        }
    }

    /// <summary>Reads the log tail the callback route stored by digest (at most the route's body limit).</summary>
    private async Task<string> ReadTailAsync(ProductRef tail, CancellationToken cancellationToken)
    {
        var stream = await services.Content.OpenReadAsync(tail, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores what a step produced: uploaded through SAS URLs (payload and call-home remotes) or left in its workspace.</summary>
    /// <param name="input">The attempt.</param>
    /// <param name="workspace">Its workspace.</param>
    /// <param name="uploaded">Whether the remote was given upload URLs (a payload or call-home remote) rather than the workspace.</param>
    /// <param name="cancellationToken">Cancels staging.</param>
    /// <returns>The refs of the products, not yet written.</returns>
    internal async Task<IReadOnlyList<ProductRef>> CollectOutputsAsync(ExecuteStepRequest input, LocalStepWorkspace workspace, bool uploaded, CancellationToken cancellationToken)
    {
        var step = input.Step;
        if (uploaded && !workspace.IsPrepared)
        {
            // A payload remote uploaded its outputs through SAS URLs; each must be there.
            var notUploaded = await workspace.CollectUploadsAsync(cancellationToken).ConfigureAwait(false);
            if (notUploaded.Count > 0)
            {
                throw new BazaarException(
                    $"Step '{step.Name}' succeeded on remote '{step.Remote.Type}' but did not upload its declared product{(notUploaded.Count > 1 ? "s" : string.Empty)} " +
                    $"{string.Join(", ", notUploaded)} (nothing at its upload URL). Make the handler upload every output to its URL, or fix the path under produces:.");
            }
        }

        var root = workspace.IsPrepared ? workspace.Path : await workspace.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var missing = new List<string>();
        var located = new List<(ProductOutput Output, string? Path)>();
        foreach (var output in step.Produces)
        {
            if (output.Path is null)
            {
                located.Add((output, null));
                continue;
            }

            // Walked from the root without following a link: a step must not hand Bazaar a host file or a FIFO.
            if (DeclaredOutput.Locate(root, output.Name, output.Path) is not { } found)
            {
                missing.Add($"'{output.Name}' at '{output.Path}'");
                continue;
            }

            located.Add((output, found.FullPath));
        }

        if (missing.Count > 0)
        {
            throw new BazaarException(
                $"Step '{step.Name}' succeeded but did not write its declared product{(missing.Count > 1 ? "s" : string.Empty)} " +
                $"{string.Join(", ", missing)} (nothing at that path in its workspace). Make the step write it there, or fix the path under produces:.");
        }

        // Outputs are staged side by side (a few at a time: each large one streams its own blocks); their
        // refs are written later, together with the step record.
        var producer = new ProductProducer(input.RunId, step.Name, input.Attempt, step.Remote.Type);
        using var slots = new SemaphoreSlim(MaxOutputsInFlight);
        return await Task.WhenAll(located.Select(async output =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await services.Content.StageAsync(input.RunId, output.Output.Name, output.Path, producer, cancellationToken).ConfigureAwait(false);
            }
            catch (UnsafeOutputException e)
            {
                throw new UnsafeOutputException($"Output '{output.Output.Name}' (path {output.Output.Path}) was refused: {e.Message}", e);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }
}
