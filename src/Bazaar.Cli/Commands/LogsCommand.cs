using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Graphs;
using Bazaar.Http;
using Bazaar.Orchestration;
using Bazaar.Products;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>
/// <c>bazaar logs RUN STEP</c>: a step's log, the last attempt's unless <c>--attempt</c> says which.
/// <c>--follow</c> waits for the step to start, prints the log as it grows, moves on to each new
/// attempt, and ends when the step has.
/// </summary>
internal sealed class LogsCommand(StandardStreams streams) : AsyncCommand<LogsCommand.Settings>
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(500);

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, json: false, stdoutIsData: true);
        return LocalRuns.ExecuteAsync(settings, console, async runs =>
        {
            using var stdout = streams.OpenOutput();
            if (!settings.Follow)
            {
                var log = await runs.Catalog.OpenLogAsync(runs.Client, settings.RunId, settings.Step, settings.Attempt, 0, cancellationToken);
                await using (log.Content)
                {
                    await log.Content.CopyToAsync(stdout, cancellationToken);
                }

                return ExitCodes.Success;
            }

            return await FollowAsync(runs, settings, console, stdout, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<int> FollowAsync(LocalRuns runs, Settings settings, CliConsole console, Stream stdout, CancellationToken cancellationToken)
    {
        int? attempt = settings.Attempt;
        long offset = 0;
        var announcedWait = false;
        while (true)
        {
            StepLogRead? log = null;
            try
            {
                log = await runs.Catalog.OpenLogAsync(runs.Client, settings.RunId, settings.Step, attempt, offset, cancellationToken);
            }
            catch (NotFoundException) when (attempt is null)
            {
                // Decided below: the step may not have started yet.
            }

            if (log is null && await IsPendingAsync(runs, settings, cancellationToken))
            {
                // Not started yet: wait for it, as `tail -F` waits for a file to appear.
                if (!announcedWait)
                {
                    console.Note($"Step '{settings.Step}' has not started; waiting for it (Ctrl+C to stop).");
                    announcedWait = true;
                }

                await Task.Delay(FollowPoll, cancellationToken);
                continue;
            }

            // The run ended without the step starting (or it just started): the same answer as without --follow.
            log ??= await runs.Catalog.OpenLogAsync(runs.Client, settings.RunId, settings.Step, attempt, offset, cancellationToken);

            attempt ??= log.Attempt;
            await using (log.Content)
            {
                var before = offset;
                offset += await CopyCountingAsync(log.Content, stdout, cancellationToken);
                if (offset > before)
                {
                    await stdout.FlushAsync(cancellationToken);
                    continue;
                }
            }

            if (settings.Attempt is null && log.Record.Attempts > attempt)
            {
                attempt = log.Record.Attempts;
                offset = 0;
                console.Note($"--- attempt {attempt} ---");
                continue;
            }

            if (log.Record.Attempts > attempt || await HasEndedAsync(runs, settings, log.Record, cancellationToken))
            {
                // The record is written after the log is flushed: one more read takes what came last.
                var rest = await runs.Catalog.OpenLogAsync(runs.Client, settings.RunId, settings.Step, attempt, offset, cancellationToken);
                await using (rest.Content)
                {
                    await rest.Content.CopyToAsync(stdout, cancellationToken);
                }

                console.Note($"Step '{settings.Step}' {StateStyle.Name(rest.Record.State)} (attempt {attempt}).");
                return ExitCodes.Success;
            }

            await Task.Delay(FollowPoll, cancellationToken);
        }
    }

    /// <summary>Whether the step is over: it ended and no retry is coming (the run ended, or the failure is not retried).</summary>
    private static async Task<bool> HasEndedAsync(LocalRuns runs, Settings settings, StepResult record, CancellationToken cancellationToken)
    {
        if (record.State is StepState.Running or StepState.Waiting or StepState.NotStarted)
        {
            return false;
        }

        if (record.State != StepState.Failed || !record.Retryable)
        {
            return true;
        }

        return (await runs.Client.GetInstanceAsync(settings.RunId, getInputsAndOutputs: false, cancellationToken))?.IsCompleted != false;
    }

    /// <summary>Whether the step may still start: the run goes on and the step has no record yet.</summary>
    private static async Task<bool> IsPendingAsync(LocalRuns runs, Settings settings, CancellationToken cancellationToken)
    {
        var run = await runs.Catalog.GetAsync(runs.Client, settings.RunId, cancellationToken);
        return run.State is RunState.Pending or RunState.Running && run.Steps.All(s => s.Step != settings.Step || s.Attempts < 1);
    }

    private static async Task<long> CopyCountingAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }

        return total;
    }

    /// <summary>Arguments of <c>bazaar logs</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run.")]
        public string RunId { get; init; } = string.Empty;

        [CommandArgument(1, "<STEP>")]
        [Description("The step.")]
        public string Step { get; init; } = string.Empty;

        [CommandOption("-a|--attempt <N>")]
        [Description("Which attempt's log, from 1. Default: the last.")]
        public int? Attempt { get; init; }

        [CommandOption("-f|--follow")]
        [Description("Keep printing as the log grows until the step ends; wait for it if it has not started.")]
        public bool Follow { get; init; }

        public override ValidationResult Validate() => this.Attempt is < 1
            ? ValidationResult.Error($"--attempt counts from 1, not {this.Attempt}.")
            : ValidationResult.Success();
    }
}
