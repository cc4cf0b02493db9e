using Bazaar.Graphs;
using Bazaar.Orchestration;
using Spectre.Console;

namespace Bazaar.Cli.Output;

/// <summary>
/// Where a command talks to the person: a live, coloured view on a terminal; plain lines when
/// stdout is not one; JSON on stdout (and everything else on stderr) under <c>--json</c>.
/// </summary>
internal sealed class CliConsole
{
    private readonly IAnsiConsole stdout;
    private readonly IAnsiConsole stderr;
    private readonly bool stdoutIsData;

    /// <param name="streams">Where stdout and stderr go.</param>
    /// <param name="json">Whether stdout carries JSON for a script; notes then go to stderr.</param>
    /// <param name="stdoutIsData">Whether stdout carries data (a log) even without JSON; notes then go to stderr too.</param>
    public CliConsole(StandardStreams streams, bool json, bool stdoutIsData = false)
    {
        this.stdout = streams.Output;
        this.stderr = streams.Error;
        this.Data = streams.OutputWriter;
        this.Json = json;
        this.stdoutIsData = stdoutIsData;
        this.IsInteractive = !json && !streams.IsOutputRedirected && this.stdout.Profile.Capabilities.Interactive;
        if (streams.IsOutputRedirected)
        {
            // A log file or a pipe has no width: never wrap a line a script may grep.
            this.stdout.Profile.Width = 4096;
        }

        if (streams.IsErrorRedirected)
        {
            this.stderr.Profile.Width = 4096;
        }
    }

    public bool Json { get; }

    /// <summary>Gets stdout as plain text, for what a script reads: JSON, DOT.</summary>
    public TextWriter Data { get; }

    /// <summary>Gets a value indicating whether a live view can redraw the terminal.</summary>
    public bool IsInteractive { get; }

    /// <summary>Gets the console progress and notes go to.</summary>
    public IAnsiConsole Progress => this.Json || this.stdoutIsData ? this.stderr : this.stdout;

    /// <summary>Gets the console a command's own output goes to.</summary>
    public IAnsiConsole Out => this.stdout;

    public void Note(string text) => this.Progress.MarkupLineInterpolated($"[grey]{text}[/]");

    public void Error(string text) => this.stderr.MarkupLineInterpolated($"[red]error:[/] {text}");

    /// <summary>Loads a graph file; on problems prints every one of them and returns <see langword="null"/>.</summary>
    public GraphDefinition? LoadGraph(string file)
    {
        try
        {
            return GraphFile.Load(file, Hosting.InstalledRemotes.Types);
        }
        catch (GraphValidationException ex)
        {
            this.Problems(file, ex.Problems);
            return null;
        }
    }

    public void Problems(string file, IReadOnlyList<GraphProblem> problems)
    {
        if (this.Json)
        {
            this.Data.WriteLine(CliJson.Serialize(new { file, valid = false, problems }));
            return;
        }

        this.stderr.MarkupLineInterpolated($"[red]{file} has {problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}:[/]");
        foreach (var problem in problems)
        {
            this.stderr.WriteLine($"  {problem}");
        }
    }

    /// <summary>Prints how the run ended; <paramref name="fetchHint"/> says how to fetch a product (NAME stands for its name).</summary>
    public void Summary(RunResult result, string? fetchHint = null)
    {
        if (this.Json)
        {
            this.Data.WriteLine(CliJson.Serialize(result));
            return;
        }

        if (this.IsInteractive)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Step", "State", "Duration", "Exit", "Products");
            foreach (var step in result.Steps)
            {
                table.AddRow(
                    Markup.Escape(step.Step),
                    $"[{StateStyle.Color(step.State)}]{StateStyle.Name(step.State)}[/]",
                    Format.Duration(step.Duration),
                    step.ExitCode?.ToString() ?? "-",
                    Markup.Escape(string.Join("\n", step.Products.Select(Format.Product))));
            }

            this.stdout.Write(table);
        }
        else
        {
            foreach (var step in result.Steps)
            {
                var products = string.Join(" ", step.Products.Select(Format.Product));
                this.stdout.WriteLine(
                    $"{step.Step}  {StateStyle.Name(step.State)}  {Format.Duration(step.Duration)}  exit {step.ExitCode?.ToString() ?? "-"}  {products}".TrimEnd());
            }
        }

        foreach (var step in result.Steps.Where(s => s.Note is not null))
        {
            this.stdout.MarkupLineInterpolated($"[grey]{step.Step}: {step.Note} ({step.Behavior})[/]");
        }

        foreach (var step in result.Steps.Where(s => s.Error is not null && s.State == StepState.Failed))
        {
            this.stdout.MarkupLineInterpolated($"[red]{step.Step}:[/] {step.Error}");
            if (step.Log is { } log)
            {
                this.stdout.MarkupLineInterpolated($"  [grey]log: {log}[/]");
            }
        }

        var counts = string.Join(", ", result.Steps.GroupBy(s => s.State).Select(g => $"{g.Count()} {StateStyle.Name(g.Key)}"));
        var verdict = result.Succeeded ? "[green]succeeded[/]" : "[red]failed[/]";
        this.stdout.MarkupLine($"Run {Markup.Escape(result.RunId)} {verdict} in {Format.Duration(result.EndedAt - result.StartedAt)}: {Markup.Escape(counts)}.");
        if (result.Succeeded && result.Steps.SelectMany(s => s.Products).FirstOrDefault() is { } first)
        {
            var hint = fetchHint?.Replace("NAME", first.Name, StringComparison.Ordinal) ?? $"./bazaar products get {result.RunId} {first.Name} -o PATH";
            this.stdout.MarkupLineInterpolated($"[grey]Fetch a product: {hint}[/]");
        }
    }
}
