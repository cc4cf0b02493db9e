using Bazaar.Remotes;
using Bazaar.Remotes.AzureContainerInstances;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>azure-container-instances</c> remote.</summary>
public static class AzureContainerInstancesRemoteBuilderExtensions
{
    /// <summary>
    /// Adds the <c>azure-container-instances</c> remote, which runs each attempt as a container group on Azure
    /// Container Instances whose agent calls the host back. The host must take calls (<c>AddCallHome</c>, as
    /// <c>bazaar serve</c> and the Function App do). Its options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="AzureContainerInstancesRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddAzureContainerInstancesRemote(this IBazaarBuilder builder, Action<AzureContainerInstancesRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<AzureContainerInstancesRemoteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRemote, AzureContainerInstancesRemote>());
        return builder;
    }
}
