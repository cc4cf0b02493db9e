namespace Bazaar;

/// <summary>
/// A step's output was refused: a symbolic link where a declared output or a folder on its path should be,
/// or a FIFO, socket or device node, none of which Bazaar reads (a link could lead to any host file, a FIFO
/// would block collection, a device would read the host's).
/// </summary>
public class UnsafeOutputException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="UnsafeOutputException"/> class.</summary>
    public UnsafeOutputException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsafeOutputException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public UnsafeOutputException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsafeOutputException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public UnsafeOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
