namespace Bazaar.Remotes.AzureFunctions;

/// <summary>The <c>azure-functions</c> remote could not run a step: bad settings, a refused key, no such function, an answer that is not the protocol's.</summary>
public sealed class AzureFunctionsRemoteException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="AzureFunctionsRemoteException"/> class.</summary>
    public AzureFunctionsRemoteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureFunctionsRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step, and what to do.</param>
    public AzureFunctionsRemoteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureFunctionsRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public AzureFunctionsRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
