namespace Bazaar.Graphs;

/// <summary>One problem found in a graph: what is wrong, where, and what to do.</summary>
/// <param name="Message">What is wrong, naming the step or product, and what to do about it.</param>
/// <param name="Source">The graph file's name, or the graph's name for a graph built in code.</param>
/// <param name="Line">The 1-based line in the file, when known.</param>
/// <param name="Column">The 1-based column in the file, when known.</param>
public sealed record GraphProblem(string Message, string Source, int? Line = null, int? Column = null)
{
    /// <summary>Gets what is wrong; control and format characters a hostile file put in a name are escaped, so the message prints as one honest line.</summary>
    public string Message { get; init; } = PrintableText.Escape(Message);

    /// <summary>Gets the graph file's name (escaped like <see cref="Message"/>).</summary>
    public string Source { get; init; } = PrintableText.Escape(Source);

    /// <summary>Formats the problem as <c>source:line: message</c>, or <c>source: message</c> without a line.</summary>
    /// <returns>The formatted problem.</returns>
    public override string ToString() =>
        this.Line is { } line ? $"{this.Source}:{line}: {this.Message}" : $"{this.Source}: {this.Message}";
}
