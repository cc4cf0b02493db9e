using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>
/// Azurite and a real durable host with the process and docker remotes (the engine <c>DOCKER_HOST</c>
/// names), shared by one test class: whole runs whose docker steps run in real containers.
/// </summary>
public sealed class DockerHostFixture : RemoteHostFixture
{
    /// <inheritdoc/>
    protected override string TaskHubPrefix => "dk";

    /// <inheritdoc/>
    protected override void AddRemotes(IBazaarBuilder bazaar) =>
        bazaar.AddProcessRemote().AddDockerRemote(o => o.StopGracePeriod = TimeSpan.FromSeconds(1));
}
