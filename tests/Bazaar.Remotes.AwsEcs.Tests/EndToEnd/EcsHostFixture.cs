using System.Diagnostics;
using Amazon.Runtime;
using Bazaar.CallHome;
using Bazaar.Cli.Hosting;
using Bazaar.Hosting;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bazaar.Remotes.AwsEcs.Tests.EndToEnd;

/// <summary>
/// Everything the end-to-end tests share, started once: Azurite, the agent's FROM scratch image, the fake ECS on
/// Docker, the local durable host with the process remote and this remote pointed at the fake ECS, and the callback
/// route served for real as <c>bazaar serve</c> serves it (ApiServer), on 127.0.0.1, which the agent reaches from its
/// container on the host's network.
/// </summary>
public sealed class EcsHostFixture : IAsyncLifetime
{
    public const string Image = "bazaar-agent:ecs-test";
    private readonly AzuriteFixture azurite = new();
    private WebApplication? server;

    /// <summary>Gets what this machine lacks for the end-to-end tests, if anything.</summary>
    public static string? MissingBackend => TestRequirements.MissingAzurite ?? AgentImage.Missing;

    internal FakeEcs Ecs { get; private set; } = null!;

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
        this.Ecs = await FakeEcs.StartAsync(Image);
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "ecs" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote()
                .AddAwsEcsRemote(o =>
                {
                    o.ServiceUrl = this.Ecs.Endpoint;
                    o.Region = "us-east-1";
                    o.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
                    o.Cluster = FakeEcs.Cluster;
                    o.TaskDefinition = FakeEcs.TaskDefinition;
                    o.Subnets.Add("subnet-0123456789abcdef0");
                    o.SecurityGroups.Add("sg-0123456789abcdef0");
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                    o.RetryMaxDelay = TimeSpan.FromSeconds(1);
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

        if (this.Ecs is not null)
        {
            await this.Ecs.DisposeAsync();
        }

        await this.azurite.DisposeAsync();
    }
}
