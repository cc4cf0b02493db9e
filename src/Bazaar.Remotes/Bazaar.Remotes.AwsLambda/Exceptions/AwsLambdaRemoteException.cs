namespace Bazaar.Remotes.AwsLambda;

/// <summary>The <c>aws-lambda</c> remote could not run a step: bad settings, no credentials, an unreachable endpoint, a function error.</summary>
public sealed class AwsLambdaRemoteException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="AwsLambdaRemoteException"/> class.</summary>
    public AwsLambdaRemoteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AwsLambdaRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step, and what to do.</param>
    public AwsLambdaRemoteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AwsLambdaRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public AwsLambdaRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
