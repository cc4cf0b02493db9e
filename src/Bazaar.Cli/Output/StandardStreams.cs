using Spectre.Console;

namespace Bazaar.Cli.Output;

/// <summary>
/// Where a command's output goes: stdout and stderr, each a console for people and a plain writer for
/// data. <see cref="OfProcess"/> gives the process's own; a test gives two test consoles, so a command
/// runs in process with what it prints on each stream captured apart.
/// </summary>
internal sealed class StandardStreams(IAnsiConsole output, IAnsiConsole error, bool isOutputRedirected, bool isErrorRedirected, Func<Stream> openOutput)
{
    /// <summary>Gets stdout as a console: markup, tables, live views.</summary>
    public IAnsiConsole Output { get; } = output;

    /// <summary>Gets stderr as a console.</summary>
    public IAnsiConsole Error { get; } = error;

    /// <summary>Gets stdout as plain text, for data a script reads (JSON, DOT): never wrapped or styled.</summary>
    public TextWriter OutputWriter => this.Output.Profile.Out.Writer;

    /// <summary>Gets stderr as plain text.</summary>
    public TextWriter ErrorWriter => this.Error.Profile.Out.Writer;

    /// <summary>Gets a value indicating whether stdout is a file or a pipe rather than a terminal.</summary>
    public bool IsOutputRedirected { get; } = isOutputRedirected;

    /// <summary>Gets a value indicating whether stderr is a file or a pipe rather than a terminal.</summary>
    public bool IsErrorRedirected { get; } = isErrorRedirected;

    /// <summary>The process's stdout and stderr.</summary>
    public static StandardStreams OfProcess() => new(
        AnsiConsole.Console,
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        Console.IsOutputRedirected,
        Console.IsErrorRedirected,
        Console.OpenStandardOutput);

    /// <summary>Opens stdout for bytes passed on as they are (a step's log); the caller disposes it.</summary>
    public Stream OpenOutput() => openOutput();
}
