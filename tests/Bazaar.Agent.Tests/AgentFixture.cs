using System.Diagnostics;
using System.Security.Cryptography;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Agent.Tests;

/// <summary>
/// What the agent tests run against, once per test run: the published agent (Native AOT, linux-x64),
/// Azurite, and Bazaar's own blob store on it, which stages inputs, mints the SAS URLs as the Lambda remote
/// gets them (<see cref="IProductTransfer.CreateUrlsAsync"/>) and collects what the agent uploaded.
/// <c>BAZAAR_AGENT_BINARY</c> names an agent published already.
/// </summary>
public sealed class AgentFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private ServiceProvider? services;

    /// <summary>Gets why the agent cannot be published here, or <see langword="null"/> when it can (or one is given).</summary>
    public static string? MissingPublisher => AgentImage.MissingPublisher;

    /// <summary>Gets the published agent.</summary>
    public string Agent { get; private set; } = string.Empty;

    /// <summary>Gets how long publishing took this run (zero when an up-to-date agent was reused).</summary>
    public TimeSpan PublishTime { get; private set; }

    public IContentStore Content => this.services!.GetRequiredService<IContentStore>();

    public IProductTransfer Transfer => this.services!.GetRequiredService<IProductTransfer>();

    public async Task InitializeAsync()
    {
        this.Agent = await PublishAsync();
        await this.azurite.InitializeAsync();
        var collection = new ServiceCollection();
        collection.AddLogging();
        new BazaarBuilder(collection).AddBlobProductStore(o =>
        {
            o.ConnectionString = this.azurite.ConnectionString;
            o.ContainerName = "agent" + RandomNumberGenerator.GetHexString(12, lowercase: true);
        });
        this.services = collection.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (this.services is not null)
        {
            await this.services.DisposeAsync();
        }

        await this.azurite.DisposeAsync();
    }

    /// <summary>Stages a file or folder (or, with no path, a marker) as a run's input would be, by its content.</summary>
    public Task<ProductRef> StageAsync(string runId, string name, string? path) =>
        this.Content.StageAsync(runId, name, path, new ProductProducer(runId, null, 0, null), TestTimeout.Token());

    /// <summary>Mints the step's URLs, as the activity does for a payload remote.</summary>
    public Task<StepProductUrls> UrlsAsync(string runId, StepDefinition step, IReadOnlyDictionary<string, ProductRef> inputs, DateTimeOffset deadline) =>
        this.Transfer.CreateUrlsAsync(runId, step, 1, inputs, deadline, TestTimeout.Token());

    // Published once into the repository's artifacts/agent/ for every test project that runs it (AgentImage).
    private async Task<string> PublishAsync()
    {
        var watch = Stopwatch.StartNew();
        var published = false;
        var agent = await AgentImage.PublishAsync(_ => published = true);
        this.PublishTime = published ? watch.Elapsed : TimeSpan.Zero;
        return agent;
    }
}

[CollectionDefinition(Name)]
public sealed class AgentCollection : ICollectionFixture<AgentFixture>
{
    public const string Name = "Agent";
}

/// <summary>
/// A test of the published agent against Azurite. Outside ./test.sh it is skipped, saying what is missing;
/// under ./test.sh (<c>BAZAAR_TEST_REQUIRE_ALL=1</c>) it never is (<see cref="TestRequirements"/>).
/// </summary>
public sealed class AgentFactAttribute : FactAttribute
{
    public AgentFactAttribute()
    {
        if (TestRequirements.SkipReason(AgentFixture.MissingPublisher ?? TestRequirements.MissingAzurite) is { } reason)
        {
            this.Skip = reason;
        }
    }
}

/// <inheritdoc cref="AgentFactAttribute"/>
public sealed class AgentTheoryAttribute : TheoryAttribute
{
    public AgentTheoryAttribute()
    {
        if (TestRequirements.SkipReason(AgentFixture.MissingPublisher ?? TestRequirements.MissingAzurite) is { } reason)
        {
            this.Skip = reason;
        }
    }
}
