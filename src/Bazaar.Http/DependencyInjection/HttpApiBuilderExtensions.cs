using Bazaar.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Bazaar's HTTP API to a host.</summary>
public static class HttpApiBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="RunsApi"/> and <see cref="CallbacksApi"/>, which <c>bazaar serve</c> and the Function App
    /// answer requests with, and call-home's token checks (<c>AddCallHome()</c>; without keys every callback is refused).
    /// </summary>
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
        builder.AddCallHome();
        builder.Services.TryAddSingleton<CallbacksApi>();
        return builder;
    }
}
