using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Http;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary><c>bazaar runs</c>: the recent runs on this machine's task hub, newest first.</summary>
internal sealed class RunsCommand(StandardStreams streams) : AsyncCommand<RunsCommand.Settings>
{
    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json, stdoutIsData: true);
        return LocalRuns.ExecuteAsync(settings, console, async runs =>
        {
            var list = await RunCatalog.ListAsync(runs.Client, settings.Limit, settings.State, cancellationToken);
            if (settings.Json)
            {
                console.Data.WriteLine(CliJson.Serialize(list));
                return ExitCodes.Success;
            }

            if (list.Count == 0)
            {
                console.Note($"No runs{(settings.State is { } s ? $" in state {s}" : string.Empty)} on {runs.Where}.");
                return ExitCodes.Success;
            }

            Print(console, list);
            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static void Print(CliConsole console, IReadOnlyList<RunSummary> list)
    {
        if (console.IsInteractive)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Run", "Graph", "State", "Started", "Took", "Steps");
            foreach (var run in list)
            {
                table.AddRow(
                    Markup.Escape(run.Id),
                    Markup.Escape(run.Graph ?? "-"),
                    $"[{StateStyle.Color(run.State)}]{run.State}[/]",
                    run.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    Took(run),
                    Markup.Escape(Format.Counts(run.Counts)));
            }

            console.Out.Write(table);
            return;
        }

        foreach (var run in list)
        {
            console.Out.WriteLine(
                $"{run.Id}  {run.Graph ?? "-"}  {run.State}  {run.CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}  {Took(run)}  {Format.Counts(run.Counts)}".TrimEnd());
        }
    }

    private static string Took(RunSummary run) =>
        run.State is RunState.Pending or RunState.Running || run.UpdatedAt is not { } updated ? "-" : Format.Duration(updated - run.CreatedAt);

    /// <summary>Arguments of <c>bazaar runs</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandOption("-n|--limit <N>")]
        [Description("How many runs to list, newest first. Default: 20.")]
        [DefaultValue(20)]
        public int Limit { get; init; } = 20;

        [CommandOption("--state <STATE>")]
        [Description("Only runs in this state: Pending, Running, Succeeded, Failed, Cancelled or Error.")]
        public RunState? State { get; init; }

        [CommandOption("--json")]
        [Description("Print the list as JSON (the shape of GET /api/runs, without links).")]
        public bool Json { get; init; }

        public override ValidationResult Validate() => this.Limit is < 1 or > 1000
            ? ValidationResult.Error($"--limit must be from 1 to 1000, not {this.Limit}.")
            : ValidationResult.Success();
    }
}
