namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// The <c>azure-container-instances</c> remote could not do its part: bad settings, no Azure credential, a
/// refusal or failure of Azure Resource Manager. Its <see cref="BazaarException.Kind"/> says whether another
/// try may help.
/// </summary>
public sealed class AzureContainerInstancesRemoteException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="AzureContainerInstancesRemoteException"/> class.</summary>
    public AzureContainerInstancesRemoteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureContainerInstancesRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step or container group, and what to do.</param>
    public AzureContainerInstancesRemoteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureContainerInstancesRemoteException"/> class.</summary>
    /// <param name="message">What happened, to which step or container group, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public AzureContainerInstancesRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
