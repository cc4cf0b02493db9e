using Bazaar.CallHome;
using Bazaar.Cli.Hosting;
using Bazaar.Hosting;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AzureFunctions.Tests;

/// <summary>
/// Started once for the collection: Azurite, the example function on Kestrel (<see cref="FunctionApp"/>), and a local
/// durable host with the process and azure-functions remotes (pointed at the function app, with its key) whose
/// callback route is served as <c>bazaar serve</c> serves it.
/// </summary>
public sealed class FunctionsFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private WebApplication? server;

    public FunctionApp Functions { get; private set; } = null!;

    public LocalDurableHost Host { get; private set; } = null!;

    /// <summary>Gets the emulator's connection string, for a second host on the same storage.</summary>
    public string Storage => this.azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        if (TestRequirements.MissingAzurite is not null && !TestRequirements.RequireAll)
        {
            return; // every test here is skipped, saying why
        }

        await this.azurite.InitializeAsync();
        this.Functions = await FunctionApp.StartAsync();
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "azfn" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote()
                .AddAzureFunctionsRemote(this.Configure)
                .AddHttpApi()
                .AddCallHome(o => o.Keys = CallbackKeyRing.Parse(CallbackKeyRing.NewSetting())));
        this.server = ApiServer.Build(this.Host, ["http://127.0.0.1:0"], "serve-token", NullLoggerFactory.Instance);
        await this.server.StartAsync();
        ServeCallbacks.UseListeningAddress(this.Host.Services, ApiServer.Addresses(this.server));
    }

    public async Task DisposeAsync()
    {
        if (this.server is not null)
        {
            await this.server.DisposeAsync();
        }

        if (this.Host is not null)
        {
            await this.Host.DisposeAsync();
        }

        if (this.Functions is not null)
        {
            await this.Functions.DisposeAsync();
        }

        await this.azurite.DisposeAsync();
    }

    /// <summary>The host's settings: the function app's URL and key; nothing from the environment.</summary>
    public void Configure(AzureFunctionsRemoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseUrl = this.Functions.BaseUrl;
        options.Key = FunctionApp.Key;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        options.RetryMaxDelay = TimeSpan.FromSeconds(1);
        options.PollInterval = TimeSpan.FromSeconds(1);
    }

    /// <summary>A remote on the function app, as the host has it, with no environment behind it.</summary>
    internal AzureFunctionsRemote CreateRemote(Action<AzureFunctionsRemoteOptions>? configure = null)
    {
        var options = new AzureFunctionsRemoteOptions();
        this.Configure(options);
        configure?.Invoke(options);
        return new AzureFunctionsRemote(Options.Create(options), NullLogger<AzureFunctionsRemote>.Instance, TimeProvider.System) { GetEnvironmentVariable = _ => null };
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<FunctionsFixture>
{
    public const string Name = "AzureFunctions";
}
