using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>
/// <c>bazaar info</c>: where local runs are kept — the storage, task hub and container, the local
/// emulator's data folder and whether it runs — and how to wipe it. Starts nothing.
/// </summary>
internal sealed class InfoCommand(StandardStreams streams) : Command<InfoCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = StorageSession.Resolve(settings);
        var local = options.StorageAccountUrl is null && string.IsNullOrEmpty(options.Storage) ? LocalStorageLocation.FromEnvironment() : null;
        var status = local is null ? null : LocalAzurite.Inspect(local);
        var info = new
        {
            storage = StorageSession.Describe(options, local),
            taskHub = options.TaskHub,
            container = options.Container,
            emulator = local is null ? null : new
            {
                home = local.Home,
                dataDirectory = local.DataDirectory,
                endpoint = local.Endpoint,
                running = status!.Listening,
                processIds = status.ProcessIds,
                startedByBazaar = status.ProcessIds.Count > 0,
                usedBy = status.Users,
                log = local.LogFile,
                keyFile = local.KeyFile,
                wipe = Wipe(local),
            },
        };

        if (settings.Json)
        {
            streams.OutputWriter.WriteLine(CliJson.Serialize(info));
            return ExitCodes.Success;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Storage", Markup.Escape(info.storage));
        grid.AddRow("Task hub", Markup.Escape(info.taskHub));
        grid.AddRow("Container", Markup.Escape(info.container));
        if (info.emulator is { } e)
        {
            grid.AddRow("Emulator data", Markup.Escape(e.dataDirectory));
            grid.AddRow("Emulator", Markup.Escape(Describe(status!, local!)));
            grid.AddRow("Emulator log", Markup.Escape(e.log));
            grid.AddRow("To wipe", Markup.Escape(e.wipe));
        }
        else
        {
            grid.AddRow("To wipe", "delete the container and the task hub's tables, queues and blob containers in that account (Azure Storage Explorer, or `az storage`)");
        }

        streams.Output.Write(grid);
        return ExitCodes.Success;
    }

    private static string Describe(LocalAzuriteStatus status, LocalStorageLocation local) => status switch
    {
        { Listening: false } => $"not running; the next command that needs it starts it on {local.Endpoint}",
        { ProcessIds.Count: > 0, Users.Count: > 0 } => $"running (pid {string.Join(", ", status.ProcessIds)}), used by bazaar pid {string.Join(", ", status.Users)}",
        { ProcessIds.Count: > 0 } => $"running (pid {string.Join(", ", status.ProcessIds)}), left by a bazaar command; the next one adopts it and stops it when it ends",
        _ => $"something not started by bazaar listens on {local.Endpoint}; bazaar uses it and never stops it",
    };

    private static string Wipe(LocalStorageLocation local) =>
        $"with no bazaar command running, `rm -rf {local.DataDirectory}` (every run, product, log and cache entry kept locally)";

    /// <summary>Arguments of <c>bazaar info</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandOption("--json")]
        [Description("Print the same as JSON.")]
        public bool Json { get; init; }
    }
}
