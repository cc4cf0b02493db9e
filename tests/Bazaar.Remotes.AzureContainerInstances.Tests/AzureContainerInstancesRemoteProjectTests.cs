using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.AzureContainerInstances.Tests;

public sealed class AzureContainerInstancesRemoteProjectTests : RemoteProjectTests
{
    protected override void AddRemote(IBazaarBuilder builder) => builder.AddAzureContainerInstancesRemote();
}
