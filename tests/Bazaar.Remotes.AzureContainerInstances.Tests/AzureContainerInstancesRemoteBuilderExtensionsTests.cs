using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AzureContainerInstances.Tests;

public sealed class AzureContainerInstancesRemoteBuilderExtensionsTests
{
    [Fact]
    public void AddAzureContainerInstancesRemote_Registered_ResolvesOneCallHomeRemote()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddAzureContainerInstancesRemote().AddAzureContainerInstancesRemote(o => o.Location = "westeurope");
        using var provider = services.BuildServiceProvider();

        var remote = Assert.Single(provider.GetServices<IRemote>());

        Assert.Equal("azure-container-instances", remote.Type);
        Assert.IsAssignableFrom<ICallHomeRemote>(remote);
        Assert.Equal("westeurope", provider.GetRequiredService<IOptions<AzureContainerInstancesRemoteOptions>>().Value.Location);
    }

    [Fact]
    public void AddAzureContainerInstancesRemote_InvalidOptions_FailValidationNamingTheOption()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddAzureContainerInstancesRemote(o =>
        {
            o.MaxAttempts = 0;
            o.ApiVersion = "latest";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureContainerInstancesRemoteOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ApiVersion", StringComparison.Ordinal));
    }
}
