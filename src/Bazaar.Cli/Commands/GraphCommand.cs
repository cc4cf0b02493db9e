using System.ComponentModel;
using Bazaar.Cli.Output;
using Bazaar.Graphs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary><c>bazaar graph FILE --format dot|mermaid</c>: prints the graph.</summary>
internal sealed class GraphCommand(StandardStreams streams) : Command<GraphCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, json: false);
        if (console.LoadGraph(settings.File) is not { } graph)
        {
            return ExitCodes.Invalid;
        }

        console.Data.Write(settings.Format == "mermaid" ? GraphRenderer.ToMermaid(graph) : GraphRenderer.ToDot(graph));
        return ExitCodes.Success;
    }

    /// <summary>Arguments of <c>bazaar graph</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The graph file (YAML or JSON).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("-f|--format <FORMAT>")]
        [Description("dot (Graphviz, the default) or mermaid.")]
        [DefaultValue("dot")]
        public string Format { get; init; } = "dot";

        public override ValidationResult Validate()
        {
            if (this.Format is not ("dot" or "mermaid"))
            {
                return ValidationResult.Error($"--format must be dot or mermaid, not '{this.Format}'.");
            }

            return System.IO.File.Exists(this.File)
                ? ValidationResult.Success()
                : ValidationResult.Error($"The graph file '{this.File}' does not exist.");
        }
    }
}
