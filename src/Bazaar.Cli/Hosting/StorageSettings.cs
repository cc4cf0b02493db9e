using System.ComponentModel;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Hosting;

/// <summary>Options every verb that touches storage shares.</summary>
internal class StorageSettings : CommandSettings, IStorageSettings
{
    public const string StorageHelp = "Storage connection string. Default: BAZAAR_STORAGE, else Azurite on 127.0.0.1:10000-10002 (started when nothing listens).";
    public const string TaskHubHelp = "Durable Task hub name. Default: BAZAAR_TASK_HUB, else 'bazaar'.";
    public const string ContainerHelp = "Blob container for products, step records and logs. Default: BAZAAR_CONTAINER, else 'bazaar'.";

    [CommandOption("--storage <CONNECTION_STRING>")]
    [Description(StorageHelp)]
    public string? Storage { get; init; }

    [CommandOption("--task-hub <NAME>")]
    [Description(TaskHubHelp)]
    public string? TaskHub { get; init; }

    [CommandOption("--container <NAME>")]
    [Description(ContainerHelp)]
    public string? Container { get; init; }
}
