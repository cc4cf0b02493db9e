using Bazaar.Functions.Hosting;
using Bazaar.Functions.Http;
using Bazaar.Products;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Functions.Tests.Hosting;

public class FunctionAppSettingsTests
{
    private const string Account = "DefaultEndpointsProtocol=https;AccountName=app;AccountKey=a2V5;EndpointSuffix=core.windows.net";

    [Fact]
    public void Read_OnlyAzureWebJobsStorage_ProductsUseTheAppsStorageInContainerBazaar()
    {
        var options = Read(("AzureWebJobsStorage", Account));

        Assert.Equal(Account, options.Storage);
        Assert.Null(options.StorageAccountUrl);
        Assert.Equal("bazaar", options.Container);
    }

    [Fact]
    public void Read_BazaarStorageAndContainer_WinOverTheAppsStorage()
    {
        var options = Read(("AzureWebJobsStorage", Account), ("BAZAAR_STORAGE", "UseDevelopmentStorage=true"), ("BAZAAR_CONTAINER", "runs"));

        Assert.Equal("UseDevelopmentStorage=true", options.Storage);
        Assert.Equal("runs", options.Container);
    }

    [Fact]
    public void Read_AccountUrl_IsTheStoresEndpointAsInTheCli()
    {
        var options = Read(("BAZAAR_STORAGE", Account), ("BAZAAR_STORAGE_ACCOUNT_URL", "https://products.blob.core.windows.net"));
        var store = new ProductStoreOptions();

        options.ConfigureStore(store);

        Assert.Equal(new Uri("https://products.blob.core.windows.net"), store.AccountUrl);
    }

    [Fact]
    public void Read_IdentityBasedAppStorage_UsesThatAccountsBlobEndpoint()
    {
        var options = Read(("AzureWebJobsStorage:accountName", "appstore"));

        Assert.Equal(new Uri("https://appstore.blob.core.windows.net"), options.StorageAccountUrl);
    }

    [Fact]
    public void Read_AccountUrlNotAUrl_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<BazaarException>(() => Read(("BAZAAR_STORAGE_ACCOUNT_URL", "products")));

        Assert.Contains("BAZAAR_STORAGE_ACCOUNT_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoStorageAtAll_ThrowsNamingEverySetting()
    {
        var error = Assert.Throws<BazaarException>(() => Read());

        Assert.Contains("BAZAAR_STORAGE", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBazaarFunctionApp_AppSettings_BuildTheEntryPointsAndTheStoreFromThem()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaarFunctionApp(Configuration(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("BAZAAR_CONTAINER", "runs")));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.NotNull(ActivatorUtilities.CreateInstance<RunsFunctions>(provider));
        Assert.NotNull(provider.GetRequiredService<IContentStore>());
        Assert.NotNull(provider.GetRequiredService<IProductRefs>());
        Assert.NotNull(provider.GetRequiredService<IStepRecords>());
        Assert.NotNull(provider.GetRequiredService<IStepLogs>());
        Assert.NotNull(provider.GetRequiredService<IActionCache>());
        Assert.NotNull(provider.GetRequiredService<ICancelRequests>());
        Assert.Equal("runs", provider.GetRequiredService<IOptions<ProductStoreOptions>>().Value.ContainerName);
    }

    private static Bazaar.Hosting.BazaarHostOptions Read(params (string Key, string Value)[] settings) =>
        FunctionAppSettings.Read(Configuration(settings));

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
