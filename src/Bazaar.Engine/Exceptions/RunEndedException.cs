namespace Bazaar;

/// <summary>The run has already ended, so it cannot be cancelled.</summary>
public sealed class RunEndedException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="RunEndedException"/> class.</summary>
    public RunEndedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunEndedException"/> class.</summary>
    /// <param name="message">Which run, how it ended.</param>
    public RunEndedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunEndedException"/> class.</summary>
    /// <param name="message">Which run, how it ended.</param>
    /// <param name="innerException">The cause.</param>
    public RunEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
