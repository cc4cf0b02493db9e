using Bazaar.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Bazaar's HTTP API to a host.</summary>
public static class HttpApiBuilderExtensions
{
    /// <summary>Adds <see cref="RunsApi"/>, which <c>bazaar serve</c> and the Function App answer requests with.</summary>
    /// <param name="builder">The Bazaar builder; add a product store and the remotes too.</param>
    /// <param name="configure">Sets the API's limits.</param>
    /// <returns>The builder.</returns>
    public static IBazaarBuilder AddHttpApi(this IBazaarBuilder builder, Action<HttpApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<HttpApiOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<InstalledRemoteTypes>();
        builder.Services.TryAddSingleton<RunCatalog>();
        builder.Services.TryAddSingleton<RunsApi>();
        return builder;
    }
}
