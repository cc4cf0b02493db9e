using System.Diagnostics;
using Bazaar.CallHome;
using Bazaar.Cli.Hosting;
using Bazaar.Hosting;
using Bazaar.Remotes.AzureContainerInstances.Tests.Arm;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bazaar.Remotes.AzureContainerInstances.Tests.EndToEnd;

/// <summary>
/// Everything the end-to-end tests share, started once: Azurite, the agent's FROM scratch image, the fake ARM on
/// Docker, the local durable host with the process remote and this remote pointed at the fake ARM, and the
/// callback route served for real as <c>bazaar serve</c> serves it (ApiServer, its token required elsewhere),
/// on 127.0.0.1, which the agent reaches from its container on the host's network.
/// </summary>
public sealed class AciHostFixture : IAsyncLifetime
{
    public const string Image = "bazaar-agent:aci-test";
    private readonly AzuriteFixture azurite = new();
    private WebApplication? server;

    /// <summary>Gets what this machine lacks for the end-to-end tests, if anything.</summary>
    public static string? MissingBackend => TestRequirements.MissingAzurite ?? AgentImage.Missing;

    internal FakeArm Arm { get; private set; } = null!;

    public LocalDurableHost Host { get; private set; } = null!;

    /// <summary>Gets what starting took, for the test output.</summary>
    public string StartLog { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (MissingBackend is not null && !TestRequirements.RequireAll)
        {
            return; // every test here is skipped, saying why
        }

        var log = new List<string>();
        var watch = Stopwatch.StartNew();
        await AgentImage.BuildAsync(Image, log.Add);
        await this.azurite.InitializeAsync();
        this.Arm = await FakeArm.StartAsync();
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "aci" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote()
                .AddAzureContainerInstancesRemote(o =>
                {
                    o.ResourceManagerEndpoint = this.Arm.Endpoint;
                    o.Credential = new FakeArmToken();
                    o.Subscription = RecordingArm.Subscription;
                    o.ResourceGroup = RecordingArm.ResourceGroup;
                    o.Location = "westeurope";
                    o.AgentImage = Image;
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                    o.RetryMaxDelay = TimeSpan.FromSeconds(2);
                })
                .AddHttpApi()
                .AddCallHome(o => o.Keys = CallbackKeyRing.Parse(CallbackKeyRing.NewSetting())));
        this.server = ApiServer.Build(this.Host, ["http://127.0.0.1:0"], "serve-token", NullLoggerFactory.Instance);
        await this.server.StartAsync();
        ServeCallbacks.UseListeningAddress(this.Host.Services, ApiServer.Addresses(this.server));
        log.Add($"started in {watch.Elapsed.TotalSeconds:0.0} s");
        this.StartLog = string.Join("; ", log);
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

        if (this.Arm is not null)
        {
            await this.Arm.DisposeAsync();
        }

        await this.azurite.DisposeAsync();
    }

    /// <summary>The fake ARM's token, as DefaultAzureCredential would hand one out.</summary>
    private sealed class FakeArmToken : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(FakeArm.Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(this.GetToken(requestContext, cancellationToken));
    }
}
