using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Docker.Tests;

public sealed class DockerRemoteProjectTests : RemoteProjectTests
{
    protected override void AddRemote(IBazaarBuilder builder) => builder.AddDockerRemote();
}
