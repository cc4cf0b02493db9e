namespace Bazaar;

/// <summary>A run was asked for something only an ended run can give (a rerun), while it still runs.</summary>
public sealed class RunNotEndedException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="RunNotEndedException"/> class.</summary>
    public RunNotEndedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunNotEndedException"/> class.</summary>
    /// <param name="message">Which run, where it is, and what to do.</param>
    public RunNotEndedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunNotEndedException"/> class.</summary>
    /// <param name="message">Which run, where it is, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public RunNotEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
