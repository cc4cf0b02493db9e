using Bazaar.Graphs;

namespace Bazaar;

/// <summary>
/// A graph file was refused before it was built: it expands, aliases counted as copies of their
/// anchors, to more values than a graph may hold. <see cref="GraphValidationException.Problems"/>
/// says where the file passed the limit.
/// </summary>
public class GraphTooLargeException : GraphValidationException
{
    /// <summary>Initializes a new instance of the <see cref="GraphTooLargeException"/> class.</summary>
    public GraphTooLargeException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphTooLargeException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public GraphTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphTooLargeException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public GraphTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphTooLargeException"/> class.</summary>
    /// <param name="problems">The problems found; the last says where the graph passed the limit.</param>
    public GraphTooLargeException(IReadOnlyList<GraphProblem> problems)
        : base(problems)
    {
    }
}
