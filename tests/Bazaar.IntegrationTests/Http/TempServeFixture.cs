using Bazaar.Hosting;
using Bazaar.Http;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.IntegrationTests.Http;

[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}

public sealed class ServeFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private LocalDurableHost host = null!;
    private WebApplication app = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "sv" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote().AddHttpApi());
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(this.host.Services.GetRequiredService<RunsApi>());
        this.app = builder.Build();
        this.app.MapBazaarApi(() => this.host.Client);
        await this.app.StartAsync();
        var address = this.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        this.Client = new HttpClient { BaseAddress = new Uri(address + "/") };
    }

    public async Task DisposeAsync()
    {
        this.Client.Dispose();
        await this.app.DisposeAsync();
        await this.host.DisposeAsync();
        await this.azurite.DisposeAsync();
    }
}
