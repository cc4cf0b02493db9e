using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.IntegrationTests;

/// <summary>
/// Azurite and one real local durable host (DurableTask.Core over Azure Storage, in process) on its own task
/// hub, shared by the tests of a collection.
/// </summary>
public sealed class DurableHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public LocalDurableHost Host { get; private set; } = null!;

    public string ConnectionString => this.azurite.ConnectionString;

    public IContentStore Content => this.Host.Services.GetRequiredService<IContentStore>();

    public IProductRefs Refs => this.Host.Services.GetRequiredService<IProductRefs>();

    public IStepRecords Records => this.Host.Services.GetRequiredService<IStepRecords>();

    public IStepLogs Logs => this.Host.Services.GetRequiredService<IStepLogs>();

    public IReadOnlySet<string> RemoteTypes { get; } = new HashSet<string> { "process", IgnoresTimeoutRemote.TypeName };

    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "it" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote().Services.AddSingleton<IRemote, IgnoresTimeoutRemote>());
    }

    public async Task DisposeAsync()
    {
        await this.Host.DisposeAsync();
        await this.azurite.DisposeAsync();
    }

    /// <summary>Runs a graph to the end and returns its result.</summary>
    public Task<RunResult> RunAsync(
        GraphDefinition graph, RunOptions? options = null, IReadOnlyDictionary<string, string>? inputs = null, TimeSpan? timeout = null) =>
        DurableRuns.RunAsync(this.Host, graph, options, inputs, timeout);

    /// <summary>Reruns an ended run to the end, as <c>bazaar rerun</c> does, and returns its result.</summary>
    public async Task<RunResult> RerunAsync(string runId)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var request = await Reruns.PrepareAsync(this.Host.Client, this.Refs, runId, TimeProvider.System, cancel.Token);
        return await DurableRuns.RunAsync(this.Host, request);
    }

    /// <summary>Loads a graph from YAML text.</summary>
    public GraphDefinition Graph(string yaml) => GraphFile.Parse(yaml, "test.yaml", this.RemoteTypes);

    /// <summary>Reads a product's bytes as text.</summary>
    public async Task<string> ReadTextAsync(ProductRef product)
    {
        await using var stream = await this.Content.OpenReadAsync(product, TestTimeout.Token());
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DurableHostCollection : ICollectionFixture<DurableHostFixture>
{
    public const string Name = "DurableHost";
}
