using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary><c>bazaar products list RUN</c>: each product a run has made, with kind, size, digest and producer.</summary>
internal sealed class ProductsListCommand(StandardStreams streams) : AsyncCommand<ProductsListCommand.Settings>
{
    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json, stdoutIsData: true);
        return LocalRuns.ExecuteAsync(settings, console, async runs =>
        {
            var products = await runs.Catalog.ListProductsAsync(runs.Client, settings.RunId, cancellationToken);
            if (settings.Json)
            {
                console.Data.WriteLine(CliJson.Serialize(products));
                return ExitCodes.Success;
            }

            if (products.Count == 0)
            {
                console.Note($"Run {settings.RunId} has made no products (yet).");
                return ExitCodes.Success;
            }

            if (console.IsInteractive)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("Product", "Kind", "Size", "Digest", "Producer");
                foreach (var p in products)
                {
                    table.AddRow(Markup.Escape(p.Name), Kind(p), Format.Size(p.Size), Markup.Escape(p.Digest), Markup.Escape(Producer(p)));
                }

                console.Out.Write(table);
            }
            else
            {
                foreach (var p in products)
                {
                    console.Out.WriteLine($"{p.Name}  {Kind(p)}  {p.Size}  {p.Digest}  {Producer(p)}");
                }
            }

            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static string Kind(Products.ProductRef product) => product.Kind.ToString().ToLowerInvariant();

    private static string Producer(Products.ProductRef product) => product.Producer is { Step: { } step } p
        ? $"{step}#{p.Attempt} of {p.RunId}"
        : $"input of {product.Producer.RunId}";

    /// <summary>Arguments of <c>bazaar products list</c>.</summary>
    internal sealed class Settings : StorageSettings
    {
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run.")]
        public string RunId { get; init; } = string.Empty;

        [CommandOption("--json")]
        [Description("Print each product's ref as JSON: name, kind, size, digest, producer, time.")]
        public bool Json { get; init; }
    }
}
