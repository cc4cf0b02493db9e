using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Process.Tests;

/// <summary>Azurite and a real durable host with the process remote, shared by one test class: whole runs on real processes.</summary>
public sealed class ProcessHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    /// <summary>Gets the host.</summary>
    public LocalDurableHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "ps" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote());
    }

    public async Task DisposeAsync()
    {
        await this.Host.DisposeAsync();
        await this.azurite.DisposeAsync();
    }

    /// <summary>Reads a graph file's text against the host's remotes.</summary>
    public GraphDefinition Load(string yaml) =>
        GraphFile.Parse(yaml, "hostile.yaml", new RemoteTypeSet(this.Host.Services.GetServices<IRemote>()));
}
