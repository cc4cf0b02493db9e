using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}

/// <summary>One <c>bazaar serve</c> process over Azurite for the collection, reached with <see cref="Client"/>.</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public HttpClient Client { get; private set; } = null!;

    public ServeProcess Serve { get; private set; } = null!;

    public string Storage => this.azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.Serve = await ServeProcess.StartAsync(this.azurite.ConnectionString, "sv" + Guid.NewGuid().ToString("N")[..8]);
        this.Client = this.Serve.CreateClient();
    }

    public async Task DisposeAsync()
    {
        this.Client.Dispose();
        await this.Serve.DisposeAsync();
        await this.azurite.DisposeAsync();
    }
}
