using System.ComponentModel;
using Bazaar.Orchestration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>What starting a run takes, here (<c>run</c>) or on a server (<c>submit</c>): the graph, its inputs, the run's options.</summary>
internal class GraphRunSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The graph file (YAML or JSON).")]
    public string File { get; init; } = string.Empty;

    [CommandOption("-i|--input <NAME=PATH>")]
    [Description("Supply a graph input product from a file or a directory. Repeat for each input.")]
    public string[] Inputs { get; init; } = [];

    [CommandOption("--json")]
    [Description("Print the run result as JSON on stdout (progress goes to stderr).")]
    public bool Json { get; init; }

    [CommandOption("--max-parallel <N>")]
    [Description("Most steps running at once. Default: 16.")]
    [DefaultValue(16)]
    public int MaxParallel { get; init; } = 16;

    [CommandOption("--failure-policy <POLICY>")]
    [Description("failFast (default: start nothing new after a failure) or continue (run everything whose inputs exist).")]
    [DefaultValue(FailurePolicy.FailFast)]
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.FailFast;

    public override ValidationResult Validate()
    {
        if (!System.IO.File.Exists(this.File))
        {
            return ValidationResult.Error($"The graph file '{this.File}' does not exist.");
        }

        if (this.MaxParallel < 1)
        {
            return ValidationResult.Error($"--max-parallel must be at least 1, not {this.MaxParallel}.");
        }

        foreach (var input in this.Inputs)
        {
            var equals = input.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == input.Length - 1)
            {
                return ValidationResult.Error($"--input '{input}' is not NAME=PATH, e.g. --input source=./src.");
            }

            var path = input[(equals + 1)..];
            if (!System.IO.File.Exists(path) && !Directory.Exists(path))
            {
                return ValidationResult.Error($"--input {input[..equals]}: '{path}' is neither a file nor a directory.");
            }
        }

        return ValidationResult.Success();
    }

    public IReadOnlyList<(string Name, string Path)> ParsedInputs() =>
        this.Inputs.Select(i => (i[..i.IndexOf('=', StringComparison.Ordinal)], i[(i.IndexOf('=', StringComparison.Ordinal) + 1)..])).ToList();

    /// <summary>Lists what is wrong with the inputs given for <paramref name="graph"/>: unknown names and missing ones.</summary>
    public List<string> InputProblems(Graphs.GraphDefinition graph)
    {
        var problems = new List<string>();
        var supplied = this.ParsedInputs().Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in supplied.Where(n => !graph.Inputs.Contains(n)))
        {
            problems.Add($"--input {name}: graph '{graph.Name}' has no input named '{name}' (its inputs: {(graph.Inputs.Count == 0 ? "none" : string.Join(", ", graph.Inputs))}).");
        }

        foreach (var name in graph.Inputs.Where(n => !supplied.Contains(n)))
        {
            problems.Add($"Graph '{graph.Name}' needs input '{name}': pass --input {name}=PATH (a file or a directory).");
        }

        return problems;
    }
}
