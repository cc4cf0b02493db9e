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
        var (input, step, record) = (attempt.Request, attempt.Request.Step, attempt.Record);
        var stepContext = new StepContext
        {
            RunId = input.RunId,
            Step = step,
            Attempt = input.Attempt,
            Workspace = attempt.Workspace,
            Log = attempt.Log,
            Environment = attempt.Environment,
            WithheldVariables = attempt.WithheldVariables,
            Deadline = attempt.Deadline,
        };
        RemoteResult result;
        try
        {
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

        var products = await this.CollectOutputsAsync(input, attempt.Workspace, attempt.CancellationToken).ConfigureAwait(false);
        return new AttemptOutcome(record with { State = StepState.Succeeded, Products = products }, products);
    }

    private async Task<IReadOnlyList<ProductRef>> CollectOutputsAsync(ExecuteStepRequest input, LocalStepWorkspace workspace, CancellationToken cancellationToken)
    {
        var step = input.Step;
        if (workspace.UrlsIssued && !workspace.IsPrepared)
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
