using Bazaar.Products;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the product store: each of its interfaces, served by one store.</summary>
public static class ProductStoreBuilderExtensions
{
    /// <summary>
    /// Registers the store interfaces (<see cref="IContentStore"/>, <see cref="IProductRefs"/>,
    /// <see cref="IStepRecords"/>, <see cref="ICancelRequests"/>, <see cref="IStepLogs"/>,
    /// <see cref="IActionCache"/>, <see cref="ICallbackLedger"/>, and the SAS URLs payload remotes get) on Azure Blob storage (or
    /// Azurite), all served by one store on one container. An interface registered before is kept.
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
        builder.Services.TryAddSingleton(services =>
        {
            var settings = services.GetRequiredService<IOptions<ProductStoreOptions>>().Value;
            return new BlobProductStore(
                BlobProductStore.CreateServiceClient(settings),
                settings,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<BlobProductStore>>());
        });
        return builder.AddStoreInterfaces<BlobProductStore>();
    }

    /// <summary>
    /// Registers the store interfaces in memory, all served by one <see cref="InMemoryProductStore"/>:
    /// for tests and benchmarks that run steps without storage. An interface registered before is kept.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBazaarBuilder AddInMemoryProductStore(this IBazaarBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(services => new InMemoryProductStore(services.GetRequiredService<TimeProvider>()));
        return builder.AddStoreInterfaces<InMemoryProductStore>();
    }

    // Each interface resolves to the one store, so callers ask only for what they use and share its state.
    private static IBazaarBuilder AddStoreInterfaces<TStore>(this IBazaarBuilder builder)
        where TStore : class, IContentStore, IProductRefs, IStepRecords, ICancelRequests, IStepLogs, IActionCache, ICallbackLedger, IProductTransfer
    {
        builder.Services.TryAddSingleton<IContentStore>(services => services.GetRequiredService<TStore>());
        builder.Services.TryAddSingleton<IProductRefs>(services => services.GetRequiredService<TStore>());
        builder.Services.TryAddSingleton<IStepRecords>(services => services.GetRequiredService<TStore>());
        builder.Services.TryAddSingleton<ICancelRequests>(services => services.GetRequiredService<TStore>());
        builder.Services.TryAddSingleton<IStepLogs>(services => services.GetRequiredService<TStore>());
        builder.Services.TryAddSingleton<IActionCache>(services => services.GetRequiredService<TStore>());
        builder.Services.TryAddSingleton<ICallbackLedger>(services => services.GetRequiredService<TStore>());
        builder.Services.TryAddSingleton<IProductTransfer>(services => services.GetRequiredService<TStore>());
        return builder;
    }
}
