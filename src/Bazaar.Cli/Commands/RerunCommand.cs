using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Hosting;
using Bazaar.Products;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>
/// <c>bazaar rerun RUN_ID</c>: a new run of an ended run's graph that reuses every product it made,
/// so only its failed steps (and those never reached) and their downstream execute.
/// </summary>
internal sealed class RerunCommand(StandardStreams streams) : AsyncCommand<RerunCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json);
        try
        {
            return await LocalRun.ExecuteAsync(
                settings,
                settings.Verbose,
                settings.KeepWorkspaces,
                console,
                (host, ct) => Reruns.PrepareAsync(host.Client, host.Services.GetRequiredService<IProductRefs>(), settings.RunId, TimeProvider.System, ct),
                cancellationToken);
        }
        catch (RunNotEndedException e)
        {
            console.Error(e.Message);
            return ExitCodes.Invalid;
        }
    }

    /// <summary>Arguments of <c>bazaar rerun</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run to rerun; it must have ended. Its graph, inputs and options are used again.")]
        public string RunId { get; init; } = string.Empty;

        [CommandOption("--json")]
        [Description("Print the run result as JSON on stdout (progress goes to stderr).")]
        public bool Json { get; init; }

        [CommandOption("--keep-workspaces")]
        [Description("Keep each step's workspace folder after it ends, for debugging.")]
        public bool KeepWorkspaces { get; init; }

        [CommandOption("-v|--verbose")]
        [Description("Log what the engine does to stderr.")]
        public bool Verbose { get; init; }
    }
}
