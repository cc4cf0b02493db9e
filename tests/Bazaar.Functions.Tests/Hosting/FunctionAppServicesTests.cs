using Bazaar.Http;
using Bazaar.Remotes;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Functions.Tests.Hosting;

public sealed class FunctionAppServicesTests
{
    [Fact]
    public void AddBazaarFunctionApp_Remotes_ProcessAndLambdaButNoDocker()
    {
        using var host = new FunctionHost();

        var types = host.Services.GetServices<IRemote>().Select(r => r.Type).Order(StringComparer.Ordinal);

        // A Function App has no Docker engine; graphs naming docker get a 400 from the API instead.
        Assert.Equal(["aws-lambda", "process"], types);
        Assert.Equal(["aws-lambda", "process"], host.Services.GetRequiredService<InstalledRemoteTypes>().Types.Order(StringComparer.Ordinal));
    }
}
