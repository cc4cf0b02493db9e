using Bazaar.Products;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Storage.Tests.Products;

public sealed class ProductStoreBuilderExtensionsTests
{
    [Fact]
    public void AddBlobProductStore_WithConfiguration_ResolvesASingletonStoreWithTheOptions()
    {
        var services = new ServiceCollection().AddLogging();
        new BazaarBuilder(services).AddBlobProductStore(o => o.ContainerName = "other");
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IContentStore>();

        Assert.IsType<BlobProductStore>(store);
        Assert.Same(store, provider.GetRequiredService<IContentStore>());
        Assert.All(StoreInterfaces(provider), part => Assert.Same(store, part));
        Assert.Equal("other", provider.GetRequiredService<IOptions<ProductStoreOptions>>().Value.ContainerName);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddBlobProductStore_InvalidContainerName_FailsValidation()
    {
        var services = new ServiceCollection().AddLogging();
        new BazaarBuilder(services).AddBlobProductStore(o => o.ContainerName = "Not_Valid");
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProductStoreOptions>>().Value);
    }

    [Fact]
    public void AddInMemoryProductStore_EveryInterface_IsOneInMemoryStore()
    {
        var services = new ServiceCollection();
        new BazaarBuilder(services).AddInMemoryProductStore();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var store = provider.GetRequiredService<InMemoryProductStore>();

        Assert.All(StoreInterfaces(provider), part => Assert.Same(store, part));
    }

    [Fact]
    public void AddBlobProductStore_AnInterfaceRegisteredBefore_IsKept()
    {
        var services = new ServiceCollection().AddLogging();
        var records = new InMemoryProductStore();
        services.AddSingleton<IStepRecords>(records);
        new BazaarBuilder(services).AddBlobProductStore();
        using var provider = services.BuildServiceProvider();

        Assert.Same(records, provider.GetRequiredService<IStepRecords>());
        Assert.IsType<BlobProductStore>(provider.GetRequiredService<IStepLogs>());
    }

    private static object[] StoreInterfaces(IServiceProvider provider) =>
    [
        provider.GetRequiredService<IContentStore>(),
        provider.GetRequiredService<IProductRefs>(),
        provider.GetRequiredService<IStepRecords>(),
        provider.GetRequiredService<ICancelRequests>(),
        provider.GetRequiredService<IStepLogs>(),
        provider.GetRequiredService<IActionCache>(),
        provider.GetRequiredService<IProductTransfer>(),
    ];
}
