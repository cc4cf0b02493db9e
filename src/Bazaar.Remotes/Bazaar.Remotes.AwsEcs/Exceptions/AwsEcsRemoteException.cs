namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// The <c>aws-ecs</c> remote could not do its part: bad settings, no AWS credentials, a place the host does not
/// allow, a refusal or failure of Amazon ECS. Its <see cref="BazaarException.Kind"/> says whether another try may help.
/// </summary>
public sealed class AwsEcsRemoteException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="AwsEcsRemoteException"/> class.</summary>
    public AwsEcsRemoteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AwsEcsRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step or task, and what to do.</param>
    public AwsEcsRemoteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AwsEcsRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step or task, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public AwsEcsRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
