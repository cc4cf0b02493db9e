using Bazaar.Graphs;

namespace Bazaar;

/// <summary>
/// The base of every error Bazaar reports on purpose. Its message is meant for a person: what
/// happened, to what, and what to do. When it ends a step, <see cref="Kind"/> says what kind of
/// failure that was, which is what the step's retry decides from.
/// </summary>
public class BazaarException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BazaarException"/> class.</summary>
    public BazaarException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BazaarException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public BazaarException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BazaarException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public BazaarException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Gets what kind of failure this is when it ends a step (set by whoever throws it, e.g.
    /// <c>throw new DockerRemoteException(…) { Kind = FailureKind.Misconfigured }</c>), or
    /// <see langword="null"/> when the thrower did not say.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: thrown by a remote, the step counts as failed by the
    /// infrastructure (the remote could not do its job, which another try may mend); thrown by Bazaar
    /// around the remote, as the step's own failure.
    /// </value>
    public FailureKind? Kind { get; init; }
}
