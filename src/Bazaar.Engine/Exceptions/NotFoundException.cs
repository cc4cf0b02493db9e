namespace Bazaar;

/// <summary>A step, a product, a log or an attempt asked for does not exist (the run does: see RunNotFoundException).</summary>
public sealed class NotFoundException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="NotFoundException"/> class.</summary>
    public NotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NotFoundException"/> class.</summary>
    /// <param name="message">What was looked for, where, and what to check.</param>
    public NotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NotFoundException"/> class.</summary>
    /// <param name="message">What was looked for, where, and what to check.</param>
    /// <param name="innerException">The cause.</param>
    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
