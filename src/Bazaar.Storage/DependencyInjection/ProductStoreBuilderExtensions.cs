using Bazaar.Products;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the blob product store.</summary>
public static class ProductStoreBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IProductStore"/> on Azure Blob storage (or Azurite): content by digest,
    /// product references, step records and step logs in one container.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Sets the connection, container and limits; the defaults use Azurite on its default ports.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBazaarBuilder AddBlobProductStore(this IBazaarBuilder builder, Action<ProductStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ProductStoreOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IProductStore>(services =>
        {
            var settings = services.GetRequiredService<IOptions<ProductStoreOptions>>().Value;
            return new BlobProductStore(
                BlobProductStore.CreateServiceClient(settings),
                settings,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<BlobProductStore>>());
        });
        return builder;
    }
}
