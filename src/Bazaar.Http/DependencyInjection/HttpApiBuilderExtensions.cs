using Bazaar.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Bazaar's HTTP API to a host.</summary>
public static class HttpApiBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="RunsApi"/>, <see cref="LiveApi"/> and <see cref="CallbacksApi"/>, which <c>bazaar serve</c> and the Function App
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
        builder.Services.TryAddSingleton<LayoutCache>();
        builder.Services.TryAddSingleton<RunWatchers>();
        // Built here: its constructor is internal, as the cache and watchers it takes are.
        builder.Services.TryAddSingleton(s => new LiveApi(
            s.GetRequiredService<RunCatalog>(),
            s.GetRequiredService<LayoutCache>(),
            s.GetRequiredService<RunWatchers>(),
            s.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpApiOptions>>(),
            s.GetRequiredService<TimeProvider>(),
            s.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LiveApi>>()));
        builder.AddCallHome();
        builder.Services.TryAddSingleton<CallbacksApi>();
        return builder;
    }
}
