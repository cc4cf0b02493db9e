using System.ComponentModel;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Hosting;

/// <summary>Options every verb that touches storage shares.</summary>
internal class StorageSettings : CommandSettings
{
    [CommandOption("--storage <CONNECTION_STRING>")]
    [Description("Storage connection string. Default: BAZAAR_STORAGE, else Azurite on 127.0.0.1:10000-10002 (started when nothing listens).")]
    public string? Storage { get; init; }

    [CommandOption("--task-hub <NAME>")]
    [Description("Durable Task hub name. Default: BAZAAR_TASK_HUB, else 'bazaar'.")]
    public string? TaskHub { get; init; }

    [CommandOption("--container <NAME>")]
    [Description("Blob container for products, step records and logs. Default: BAZAAR_CONTAINER, else 'bazaar'.")]
    public string? Container { get; init; }
}
