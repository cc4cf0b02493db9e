using Bazaar.Graphs;

namespace Bazaar;

/// <summary>
/// A graph, from a file or built in code, has problems; <see cref="Problems"/> lists every one
/// of them and the message shows them one per line.
/// </summary>
public class GraphValidationException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="GraphValidationException"/> class.</summary>
    public GraphValidationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphValidationException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public GraphValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphValidationException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public GraphValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphValidationException"/> class.</summary>
    /// <param name="problems">Every problem found; at least one.</param>
    public GraphValidationException(IReadOnlyList<GraphProblem> problems)
        : base(Format(problems))
    {
        this.Problems = problems;
    }

    /// <summary>Gets every problem found in the graph.</summary>
    public IReadOnlyList<GraphProblem> Problems { get; } = [];

    private static string Format(IReadOnlyList<GraphProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var header = problems.Count == 1
            ? "The graph has a problem; fix it and try again:"
            : $"The graph has {problems.Count} problems; fix them and try again:";
        return string.Join(Environment.NewLine, problems.Select(p => p.ToString()).Prepend(header));
    }
}
