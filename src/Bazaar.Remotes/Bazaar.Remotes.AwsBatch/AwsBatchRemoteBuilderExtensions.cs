using Bazaar.Remotes;
using Bazaar.Remotes.AwsBatch;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>aws-batch</c> remote.</summary>
public static class AwsBatchRemoteBuilderExtensions
{
    /// <summary>
    /// Adds the <c>aws-batch</c> remote, which runs each attempt as an AWS Batch job whose agent calls the host back.
    /// The host must take calls (<c>AddCallHome</c>, as <c>bazaar serve</c> and the Function App do). Its options are
    /// validated when the host starts.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="AwsBatchRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddAwsBatchRemote(this IBazaarBuilder builder, Action<AwsBatchRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<AwsBatchRemoteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRemote, AwsBatchRemote>());
        return builder;
    }
}
