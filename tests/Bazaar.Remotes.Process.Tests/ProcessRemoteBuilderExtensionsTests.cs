using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Process.Tests;

public sealed class ProcessRemoteBuilderExtensionsTests
{
    [Fact]
    public void AddProcessRemote_Default_ResolvesProcessRemote()
    {
        using var provider = Build();

        var remote = Assert.Single(provider.GetServices<IRemote>());

        Assert.Equal("process", remote.Type);
        Assert.IsType<ProcessRemote>(remote);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddProcessRemote_CalledTwice_RegistersOneRemote()
    {
        using var provider = Build(builder => builder.AddProcessRemote().AddProcessRemote());

        Assert.Single(provider.GetServices<IRemote>());
    }

    [Fact]
    public void AddProcessRemote_Configure_AppliesOptions()
    {
        using var provider = Build(builder => builder.AddProcessRemote(o => o.Shell = "/bin/bash"));

        Assert.Equal("/bin/bash", provider.GetRequiredService<IOptions<ProcessRemoteOptions>>().Value.Shell);
    }

    [Theory]
    [InlineData("shell")]
    [InlineData("line")]
    [InlineData("drain")]
    public void AddProcessRemote_InvalidOptions_FailValidationOnStart(string which)
    {
        using var provider = Build(builder => builder.AddProcessRemote(o =>
        {
            switch (which)
            {
                case "shell": o.Shell = string.Empty; break;
                case "line": o.MaxLineLength = 0; break;
                default: o.OutputDrainTimeout = TimeSpan.FromSeconds(-1); break;
            }
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(typeof(ProcessRemoteOptions), error.OptionsType);
    }

    private static ServiceProvider Build(Action<IBazaarBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = new TestBazaarBuilder(services);
        (configure ?? (b => b.AddProcessRemote()))(builder);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private sealed class TestBazaarBuilder(IServiceCollection services) : IBazaarBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
