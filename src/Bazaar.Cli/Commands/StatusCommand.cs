using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Graphs;
using Bazaar.Http;
using Bazaar.Orchestration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>
/// <c>bazaar status RUN</c>: where a run is and each step's state, as <c>run</c> prints at its end;
/// while it runs, the steps so far and how many are waiting.
/// </summary>
internal sealed class StatusCommand(StandardStreams streams) : AsyncCommand<StatusCommand.Settings>
{
    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json, stdoutIsData: true);
        return LocalRuns.ExecuteAsync(settings, console, async runs =>
        {
            var run = await runs.Catalog.GetAsync(runs.Client, settings.RunId, cancellationToken);
            if (settings.Json)
            {
                console.Data.WriteLine(CliJson.Serialize(run));
            }
            else if (run.Result is { } result)
            {
                console.Summary(result);
            }
            else
            {
                Print(console, run);
            }

            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static void Print(CliConsole console, RunView run)
    {
        var output = console.Out;
        output.MarkupLineInterpolated(
            $"Run {run.Id} of graph '{run.Graph}' is [{StateStyle.Color(run.State)}]{run.State.ToString().ToLowerInvariant()}[/] (started {run.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z).");
        if (run.Error is { } error)
        {
            output.MarkupLineInterpolated($"[red]{error}[/]");
        }

        foreach (var step in run.Steps.OrderBy(s => s.StartedAt ?? DateTimeOffset.MaxValue).ThenBy(s => s.Step, StringComparer.Ordinal))
        {
            var took = step.State == StepState.Running && step.StartedAt is { } started
                ? $"running for {Format.Duration(DateTimeOffset.UtcNow - started)}"
                : Format.Duration(step.Duration);
            var attempts = step.Attempts > 1 ? $"  attempt {step.Attempts}" : string.Empty;
            output.WriteLine($"{step.Step}  {StateStyle.Name(step.State)}  {took}  exit {step.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}{attempts}");
        }

        var rest = run.Counts.Where(c => c.Key is StepState.Waiting or StepState.NotStarted && c.Value > 0).ToList();
        output.WriteLine($"Steps: {Format.Counts(run.Counts)}." + (rest.Count > 0 ? $" Not yet started: {rest.Sum(c => c.Value)}." : string.Empty));
    }

    /// <summary>Arguments of <c>bazaar status</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run, as printed when it started (or listed by `bazaar runs`).")]
        public string RunId { get; init; } = string.Empty;

        [CommandOption("--json")]
        [Description("Print the run as JSON (the shape of GET /api/runs/{id}, without links).")]
        public bool Json { get; init; }
    }
}
