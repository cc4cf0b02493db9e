namespace Bazaar;

/// <summary>A product's stored content does not match its digest: the content-addressed blob was altered or damaged.</summary>
public class ProductIntegrityException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="ProductIntegrityException"/> class.</summary>
    public ProductIntegrityException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProductIntegrityException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public ProductIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProductIntegrityException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ProductIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
