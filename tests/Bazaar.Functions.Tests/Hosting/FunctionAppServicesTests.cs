using Bazaar.Http;
using Bazaar.Remotes;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Functions.Tests.Hosting;

public sealed class FunctionAppServicesTests
{
    [Fact]
    public void AddBazaarFunctionApp_NoRemotesSetting_OnlyLambda_TheProcessRemoteIsOff()
    {
        using var host = new FunctionHost();

        var types = host.Services.GetServices<IRemote>().Select(r => r.Type);

        // Whoever may submit could run commands in the app through process: off unless BAZAAR_REMOTES says so.
        Assert.Equal(["aws-lambda"], types);
        Assert.Equal(["aws-lambda"], host.Services.GetRequiredService<InstalledRemoteTypes>().Types);
    }

    [Fact]
    public void AddBazaarFunctionApp_RemotesSetting_ProcessAndLambdaButNoDocker()
    {
        using var host = new FunctionHost(remotes: "process, aws-lambda");

        var types = host.Services.GetServices<IRemote>().Select(r => r.Type).Order(StringComparer.Ordinal);

        // A Function App has no Docker engine; graphs naming docker get a 400 from the API instead.
        Assert.Equal(["aws-lambda", "process"], types);
        Assert.Equal(["aws-lambda", "process"], host.Services.GetRequiredService<InstalledRemoteTypes>().Types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddBazaarFunctionApp_RemotesSettingNamesContainerInstances_Offered()
    {
        using var host = new FunctionHost(remotes: "azure-container-instances");

        var remote = Assert.Single(host.Services.GetServices<IRemote>());

        // A call-home remote: the app takes the agent's calls on its callback route.
        Assert.Equal("azure-container-instances", remote.Type);
        Assert.IsAssignableFrom<ICallHomeRemote>(remote);
    }

    [Fact]
    public void AddBazaarFunctionApp_RemotesSettingNamesDocker_RefusedNamingIt()
    {
        var error = Assert.Throws<BazaarException>(() => new FunctionHost(remotes: "docker"));

        Assert.Contains("'docker'", error.Message, StringComparison.Ordinal);
    }
}
