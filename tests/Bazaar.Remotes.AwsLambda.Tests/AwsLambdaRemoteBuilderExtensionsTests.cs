using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsLambda.Tests;

public sealed class AwsLambdaRemoteBuilderExtensionsTests
{
    [Fact]
    public void AddAwsLambdaRemote_Registered_ResolvesTheAwsLambdaRemoteOnce()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddAwsLambdaRemote().AddAwsLambdaRemote(o => o.Region = "eu-west-1");
        using var provider = services.BuildServiceProvider();

        var remote = Assert.Single(provider.GetServices<IRemote>());

        Assert.Equal("aws-lambda", remote.Type);
        Assert.Equal("eu-west-1", provider.GetRequiredService<IOptions<AwsLambdaRemoteOptions>>().Value.Region);
    }

    [Fact]
    public void AddAwsLambdaRemote_InvalidOptions_FailValidationNamingTheOption()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddAwsLambdaRemote(o =>
        {
            o.MaxAttempts = 0;
            o.Region = "Mars";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AwsLambdaRemoteOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Region", StringComparison.Ordinal));
    }
}
