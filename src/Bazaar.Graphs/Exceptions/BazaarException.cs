namespace Bazaar;

/// <summary>
/// The base of every error Bazaar reports on purpose. Its message is meant for a person: what
/// happened, to what, and what to do.
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
}
