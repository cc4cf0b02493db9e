using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>Arguments of <c>bazaar run</c>.</summary>
internal sealed class RunSettings : GraphRunSettings, IStorageSettings
{
    [CommandOption("--storage <CONNECTION_STRING>")]
    [Description(StorageSettings.StorageHelp)]
    public string? Storage { get; init; }

    [CommandOption("--task-hub <NAME>")]
    [Description(StorageSettings.TaskHubHelp)]
    public string? TaskHub { get; init; }

    [CommandOption("--container <NAME>")]
    [Description(StorageSettings.ContainerHelp)]
    public string? Container { get; init; }

    [CommandOption("--keep-workspaces")]
    [Description("Keep each step's workspace folder after it ends, for debugging.")]
    public bool KeepWorkspaces { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("Log what the engine does to stderr.")]
    public bool Verbose { get; init; }
}
