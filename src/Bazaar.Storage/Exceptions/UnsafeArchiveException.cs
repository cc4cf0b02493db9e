namespace Bazaar;

/// <summary>A directory product's archive was refused: it would write outside its target, holds entries Bazaar does not extract, or exceeds a size or entry-count limit.</summary>
public class UnsafeArchiveException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="UnsafeArchiveException"/> class.</summary>
    public UnsafeArchiveException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsafeArchiveException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public UnsafeArchiveException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsafeArchiveException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public UnsafeArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
