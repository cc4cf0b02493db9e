using Bazaar.Graphs;

namespace Bazaar.Cli.Exceptions;

/// <summary>A Bazaar server refused a call or could not be reached; the message says which and what to do.</summary>
internal sealed class ApiCallException : BazaarException
{
    public ApiCallException(string message, int? status = null, IReadOnlyList<GraphProblem>? problems = null, Exception? inner = null)
        : base(message, inner!)
    {
        this.Status = status;
        this.Problems = problems ?? [];
    }

    /// <summary>Gets the HTTP status the server answered, or <see langword="null"/> when it was not reached.</summary>
    public int? Status { get; }

    /// <summary>Gets the graph's problems when the server refused the graph.</summary>
    public IReadOnlyList<GraphProblem> Problems { get; }

    /// <summary>Gets a value indicating whether the caller got something wrong (4xx) rather than the server or the network.</summary>
    public bool IsClientError => this.Status is >= 400 and < 500;
}
