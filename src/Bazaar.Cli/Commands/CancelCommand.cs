using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>
/// <c>bazaar cancel RUN</c>: stops a run from another terminal. Nothing new starts, running steps
/// are stopped on whichever host runs them, and the <c>bazaar run</c> following it ends with the
/// run cancelled.
/// </summary>
internal sealed class CancelCommand(StandardStreams streams) : AsyncCommand<CancelCommand.Settings>
{
    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json, stdoutIsData: true);
        return LocalRuns.ExecuteAsync(settings, console, async runs =>
        {
            var reason = await runs.Catalog.CancelAsync(runs.Client, settings.RunId, settings.Reason ?? "cancelled from the command line", cancellationToken);
            if (settings.Json)
            {
                console.Data.WriteLine(CliJson.Serialize(new { id = settings.RunId, cancelRequested = true, reason }));
            }
            else
            {
                console.Out.WriteLine($"Asked run {settings.RunId} to stop ({reason}). `bazaar status {settings.RunId}` shows when it has.");
            }

            return ExitCodes.Success;
        }, cancellationToken);
    }

    /// <summary>Arguments of <c>bazaar cancel</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run to stop; it must still be running.")]
        public string RunId { get; init; } = string.Empty;

        [CommandOption("--reason <TEXT>")]
        [Description("Why, recorded with the run. Default: 'cancelled from the command line'.")]
        public string? Reason { get; init; }

        [CommandOption("--json")]
        [Description("Print { id, cancelRequested, reason } as JSON.")]
        public bool Json { get; init; }
    }
}
