using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Graphs;
using Bazaar.Products;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary><c>bazaar products get RUN_ID NAME -o PATH</c>: fetches a product of a run.</summary>
internal sealed class ProductsGetCommand(StandardStreams streams) : AsyncCommand<ProductsGetCommand.Settings>
{
    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json, stdoutIsData: true);
        return LocalRuns.ExecuteAsync(settings, console, runs => FetchAsync(runs, settings, console, cancellationToken), cancellationToken);
    }

    private static async Task<int> FetchAsync(LocalRuns runs, Settings settings, CliConsole console, CancellationToken cancellationToken)
    {
        var product = await runs.Catalog.GetProductAsync(runs.Client, settings.RunId, settings.Name, cancellationToken);
        var content = runs.Content;

        var target = Path.GetFullPath(settings.Output ?? settings.Name);
        if (Directory.Exists(target) && product.Kind != ProductKind.Directory)
        {
            target = Path.Combine(target, settings.Name);
        }

        if (File.Exists(target) || Directory.Exists(target))
        {
            if (!settings.Force)
            {
                console.Error($"'{target}' already exists. Choose another -o PATH, or pass --force to replace it.");
                return ExitCodes.Invalid;
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            else
            {
                File.Delete(target);
            }
        }

        await content.MaterializeAsync(product, target, cancellationToken);
        if (settings.Json)
        {
            console.Data.WriteLine(CliJson.Serialize(new { path = target, product }));
        }
        else
        {
            console.Out.MarkupLineInterpolated($"Wrote {product.Kind.ToString().ToLowerInvariant()} product [bold]{product.Name}[/] ({Format.Size(product.Size)}, {product.Digest}) to {target}");
        }

        return ExitCodes.Success;
    }

    /// <summary>Arguments of <c>bazaar products get</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run, as printed when it started and in its summary.")]
        public string RunId { get; init; } = string.Empty;

        [CommandArgument(1, "<NAME>")]
        [Description("The product's name.")]
        public string Name { get; init; } = string.Empty;

        [CommandOption("-o|--output <PATH>")]
        [Description("Where to write it. Default: ./NAME. A directory product is extracted there.")]
        public string? Output { get; init; }

        [CommandOption("--force")]
        [Description("Replace PATH if it exists.")]
        public bool Force { get; init; }

        [CommandOption("--json")]
        [Description("Print { path, product } as JSON.")]
        public bool Json { get; init; }
    }
}
