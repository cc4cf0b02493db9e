using Bazaar.Remotes;
using Bazaar.Remotes.AzureFunctions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>azure-functions</c> remote.</summary>
public static class AzureFunctionsRemoteBuilderExtensions
{
    /// <summary>
    /// Adds the <c>azure-functions</c> remote, which runs each step as an HTTPS call to an Azure Function through
    /// the remote step protocol, with the host's function key; a long step answers at a status URL the run polls,
    /// or calls home. Its options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="AzureFunctionsRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddAzureFunctionsRemote(this IBazaarBuilder builder, Action<AzureFunctionsRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<AzureFunctionsRemoteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRemote, AzureFunctionsRemote>());
        return builder;
    }
}
