namespace Bazaar.Remotes.Docker;

/// <summary>
/// The docker remote could not run a step: the engine is unreachable, the image is missing or could
/// not be pulled, or the step's docker settings are wrong. The message names the cause, the step and
/// the <c>DOCKER_HOST</c> used.
/// </summary>
public sealed class DockerRemoteException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="DockerRemoteException"/> class.</summary>
    public DockerRemoteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DockerRemoteException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public DockerRemoteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DockerRemoteException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public DockerRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
