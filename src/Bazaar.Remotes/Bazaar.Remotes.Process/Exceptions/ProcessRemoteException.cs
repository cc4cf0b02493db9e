namespace Bazaar.Remotes.Process;

/// <summary>
/// The process remote could not run a step: its settings are wrong. A step that exits non-zero, or whose
/// program is missing, is a result, not this exception. The message names the step and says what to do.
/// </summary>
public sealed class ProcessRemoteException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="ProcessRemoteException"/> class.</summary>
    public ProcessRemoteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProcessRemoteException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public ProcessRemoteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProcessRemoteException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ProcessRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
