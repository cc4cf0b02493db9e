using Bazaar.Hosting;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>
/// The real things the Lambda tests run against, once per test collection: Azurite, serverless-offline
/// serving examples/lambda, and a local durable host with the process and aws-lambda remotes.
/// </summary>
public sealed class LambdaFixture : IAsyncLifetime
{
    /// <summary>The function in examples/lambda that implements the remote step protocol.</summary>
    public const string StepFunction = "bazaar-step";

    /// <summary>The function in examples/lambda that always throws.</summary>
    public const string FailFunction = "bazaar-fail";

    private readonly AzuriteFixture azurite = new();
    private ServerlessOffline? offline;

    static LambdaFixture() => UseTestCredentials();

    /// <summary>Gets the emulator's Lambda endpoint.</summary>
    public Uri Endpoint => this.offline!.Endpoint;

    /// <summary>Gets the storage connection string.</summary>
    public string ConnectionString => this.azurite.ConnectionString;

    /// <summary>Gets the durable host.</summary>
    public LocalDurableHost Host { get; private set; } = null!;

    /// <summary>Gets the products' content.</summary>
    public IContentStore Content => this.Host.Services.GetRequiredService<IContentStore>();

    /// <summary>Gets the step records.</summary>
    public IStepRecords Records => this.Host.Services.GetRequiredService<IStepRecords>();

    /// <summary>Gets the step logs.</summary>
    public IStepLogs Logs => this.Host.Services.GetRequiredService<IStepLogs>();

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await this.azurite.InitializeAsync();
        this.offline = await ServerlessOffline.StartAsync();
        this.Host = await LocalDurableHost.StartAsync(
            new BazaarHostOptions { Storage = this.azurite.ConnectionString, TaskHub = "lambda" + Guid.NewGuid().ToString("N")[..8] },
            bazaar => bazaar.AddProcessRemote().AddAwsLambdaRemote(o =>
            {
                o.ServiceUrl = this.Endpoint;
                o.Region = "us-east-1";
            }));
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.Host is not null)
        {
            await this.Host.DisposeAsync();
        }

        if (this.offline is not null)
        {
            await this.offline.DisposeAsync();
        }

        await this.azurite.DisposeAsync();
    }

    /// <summary>
    /// Sets credentials for the AWS default chain to find (the emulator does not check signatures), and
    /// turns off the instance metadata service, which a test machine does not have.
    /// </summary>
    public static void UseTestCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDBAZAARTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "bazaar-test-secret");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    /// <summary>Creates a remote that calls the emulator.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The remote.</returns>
    internal AwsLambdaRemote CreateRemote(Action<AwsLambdaRemoteOptions>? configure = null)
    {
        var options = new AwsLambdaRemoteOptions { ServiceUrl = this.Endpoint, Region = "us-east-1", RetryBaseDelay = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        return new AwsLambdaRemote(Options.Create(options), NullLogger<AwsLambdaRemote>.Instance, TimeProvider.System);
    }
}

[CollectionDefinition(Name)]
public sealed class LambdaCollection : ICollectionFixture<LambdaFixture>
{
    public const string Name = "Lambda";
}
