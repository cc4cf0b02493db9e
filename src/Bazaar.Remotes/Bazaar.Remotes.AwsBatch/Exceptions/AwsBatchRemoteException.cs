namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// The <c>aws-batch</c> remote could not do its part: bad settings, no AWS credentials, a place the host does not
/// allow, a refusal or failure of AWS Batch. Its <see cref="BazaarException.Kind"/> says whether another try may help.
/// </summary>
public sealed class AwsBatchRemoteException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="AwsBatchRemoteException"/> class.</summary>
    public AwsBatchRemoteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AwsBatchRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step or job, and what to do.</param>
    public AwsBatchRemoteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AwsBatchRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step or job, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public AwsBatchRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
