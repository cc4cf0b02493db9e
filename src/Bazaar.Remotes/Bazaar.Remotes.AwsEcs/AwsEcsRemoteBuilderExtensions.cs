using Bazaar.Remotes;
using Bazaar.Remotes.AwsEcs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>aws-ecs</c> remote.</summary>
public static class AwsEcsRemoteBuilderExtensions
{
    /// <summary>
    /// Adds the <c>aws-ecs</c> remote, which runs each attempt as an Amazon ECS task whose agent calls the host back.
    /// The host must take calls (<c>AddCallHome</c>, as <c>bazaar serve</c> and the Function App do). Its options are
    /// validated when the host starts.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="AwsEcsRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddAwsEcsRemote(this IBazaarBuilder builder, Action<AwsEcsRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<AwsEcsRemoteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRemote, AwsEcsRemote>());
        return builder;
    }
}
