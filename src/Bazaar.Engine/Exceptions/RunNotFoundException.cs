namespace Bazaar;

/// <summary>No run has the id asked for on this task hub.</summary>
public sealed class RunNotFoundException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="RunNotFoundException"/> class.</summary>
    public RunNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunNotFoundException"/> class.</summary>
    /// <param name="message">What was looked for, where, and what to check.</param>
    public RunNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunNotFoundException"/> class.</summary>
    /// <param name="message">What was looked for, where, and what to check.</param>
    /// <param name="innerException">The cause.</param>
    public RunNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
