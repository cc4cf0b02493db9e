using System.ComponentModel;
using Bazaar.Cli.Output;
using Bazaar.Graphs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary><c>bazaar validate FILE</c>: every problem at once, each with its line.</summary>
internal sealed class ValidateCommand(StandardStreams streams) : Command<ValidateCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json);
        if (console.LoadGraph(settings.File) is not { } graph)
        {
            return ExitCodes.Invalid;
        }

        var products = graph.Steps.SelectMany(s => s.Produces).Count() + graph.Inputs.Count;
        if (settings.Json)
        {
            console.Data.WriteLine(CliJson.Serialize(new { file = settings.File, valid = true, steps = graph.Steps.Count, products, problems = Array.Empty<GraphProblem>() }));
        }
        else
        {
            console.Out.MarkupLineInterpolated($"[green]{settings.File} is valid:[/] graph '{graph.Name}', {graph.Steps.Count} steps, {products} products.");
        }

        return ExitCodes.Success;
    }

    /// <summary>Arguments of <c>bazaar validate</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The graph file (YAML or JSON).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--json")]
        [Description("Print the result as JSON: { valid, problems: [{ message, source, line, column }] }.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() => System.IO.File.Exists(this.File)
            ? ValidationResult.Success()
            : ValidationResult.Error($"The graph file '{this.File}' does not exist.");
    }
}
