using Bazaar;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Bazaar's step execution machinery.</summary>
public static class BazaarServiceCollectionExtensions
{
    /// <summary>
    /// Adds Bazaar's options and clock; add a product store and remotes on the returned builder,
    /// e.g. <c>services.AddBazaar().AddBlobProductStore().AddProcessRemote()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts <see cref="BazaarOptions"/>.</param>
    /// <returns>The builder remotes hang off.</returns>
    public static IBazaarBuilder AddBazaar(this IServiceCollection services, Action<BazaarOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BazaarOptions>().ValidateDataAnnotations();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        return new BazaarBuilder(services);
    }
}
