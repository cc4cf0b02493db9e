using Bazaar.CallHome;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers call-home: the tokens agents report with, and where they report.</summary>
public static class CallHomeBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="CallbackTokens"/>, <see cref="CallHomeOptions"/> and the <see cref="CallHomeJanitor"/>. Calling it again adds to the
    /// configuration; <c>AddHttpApi()</c> calls it with none, so the callback route always has its validator
    /// (without keys it refuses every call).
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Sets the keys and the callback URL.</param>
    /// <returns>The builder.</returns>
    public static IBazaarBuilder AddCallHome(this IBazaarBuilder builder, Action<CallHomeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<CallHomeOptions>().ValidateDataAnnotations();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<CallbackTokens>();
        builder.Services.TryAddSingleton<CallHomeJanitor>();
        builder.Services.TryAddSingleton<Bazaar.Behaviors.ICallHomeEndpoints>(services => services.GetRequiredService<CallbackTokens>());
        return builder;
    }
}
