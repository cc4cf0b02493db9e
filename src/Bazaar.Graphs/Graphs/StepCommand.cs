namespace Bazaar.Graphs;

/// <summary>
/// What a step runs: either a shell script (a string in the graph file, run through <c>/bin/sh -c</c>)
/// or an argument vector (a list in the graph file, run without a shell). Exactly one is set.
/// </summary>
public sealed record StepCommand
{
    /// <summary>Gets the script run through <c>/bin/sh -c</c>, or <see langword="null"/>.</summary>
    public string? Shell { get; init; }

    /// <summary>Gets the argument vector run without a shell, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Creates a command run through <c>/bin/sh -c</c>.</summary>
    /// <param name="script">The script.</param>
    /// <returns>The command.</returns>
    public static StepCommand FromShell(string script) => new() { Shell = script };

    /// <summary>Creates a command run as an argument vector, without a shell.</summary>
    /// <param name="args">The program and its arguments.</param>
    /// <returns>The command.</returns>
    public static StepCommand FromArgs(params string[] args) => new() { Args = args };

    /// <inheritdoc/>
    public override string ToString() => this.Shell ?? string.Join(' ', this.Args ?? []);
}
