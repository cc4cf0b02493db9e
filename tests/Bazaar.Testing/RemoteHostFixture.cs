using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Remotes;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.Testing;

/// <summary>
/// Azurite and a real durable host on a task hub of its own, with the remotes a test project
/// installs, shared by one test class: whole runs on the remote's real backend.
/// </summary>
public abstract class RemoteHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    /// <summary>Gets the host.</summary>
    public LocalDurableHost Host { get; private set; } = null!;

    /// <summary>Gets the first letters of the task hub's name, telling whose hub it is.</summary>
    protected abstract string TaskHubPrefix { get; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = this.TaskHubPrefix + Guid.NewGuid().ToString("N")[..8] },
            this.AddRemotes);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.Host is not null)
        {
            await this.Host.DisposeAsync();
        }

        await this.azurite.DisposeAsync();
    }

    /// <summary>Reads a graph file's text against the host's remotes, their settings included.</summary>
    /// <param name="yaml">The graph.</param>
    /// <returns>The graph.</returns>
    public GraphDefinition Load(string yaml) =>
        GraphFile.Parse(yaml, "graph.yaml", new RemoteTypeSet(this.Host.Services.GetServices<IRemote>()));

    /// <summary>Installs the remotes the host offers.</summary>
    /// <param name="bazaar">The host's builder.</param>
    protected abstract void AddRemotes(IBazaarBuilder bazaar);
}
