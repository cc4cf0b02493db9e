using Bazaar.Products;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Core.Tests.Products;

public sealed class ProductStoreBuilderExtensionsTests
{
    [Fact]
    public void AddBlobProductStore_WithConfiguration_ResolvesASingletonStoreWithTheOptions()
    {
        var services = new ServiceCollection().AddLogging();
        new BazaarBuilder(services).AddBlobProductStore(o => o.ContainerName = "other");
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IProductStore>();

        Assert.IsType<BlobProductStore>(store);
        Assert.Same(store, provider.GetRequiredService<IProductStore>());
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
}
