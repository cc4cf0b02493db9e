using Bazaar.Remotes;
using Bazaar.Remotes.Process;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>process</c> remote.</summary>
public static class ProcessRemoteBuilderExtensions
{
    /// <summary>
    /// Adds the <c>process</c> remote, which runs each step as a local process in its workspace.
    /// Its options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="ProcessRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddProcessRemote(this IBazaarBuilder builder, Action<ProcessRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<ProcessRemoteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRemote, ProcessRemote>());
        return builder;
    }
}
