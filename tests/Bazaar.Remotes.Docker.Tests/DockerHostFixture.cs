using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>
/// Azurite and a real durable host with the process and docker remotes (the engine <c>DOCKER_HOST</c>
/// names), shared by one test class: whole runs whose docker steps run in real containers.
/// </summary>
public sealed class DockerHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    /// <summary>Gets the host.</summary>
    public LocalDurableHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "dk" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote().AddDockerRemote(o => o.StopGracePeriod = TimeSpan.FromSeconds(1)));
    }

    public async Task DisposeAsync()
    {
        if (this.Host is not null)
        {
            await this.Host.DisposeAsync();
        }

        await this.azurite.DisposeAsync();
    }

    /// <summary>Reads a graph file's text against the host's remotes, docker settings included.</summary>
    public GraphDefinition Load(string yaml) =>
        GraphFile.Parse(yaml, "graph.yaml", new RemoteTypeSet(this.Host.Services.GetServices<IRemote>()));
}
