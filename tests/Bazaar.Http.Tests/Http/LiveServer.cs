using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace Bazaar.Http.Tests.Http;

/// <summary>
/// The API on real Kestrel with the in-memory store and a mocked task hub holding runs the test sets up and
/// moves along (their status and step records), read fast (every 50 ms): the UI's routes as a host maps them.
/// </summary>
internal sealed class LiveServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Dictionary<string, (GraphDefinition Graph, OrchestrationRuntimeStatus Status)> runs = new(StringComparer.Ordinal);
    private int reads;

    private LiveServer(WebApplication app, Mock<DurableTaskClient> client)
    {
        this.app = app;
        this.Client = client;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        this.Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public Mock<DurableTaskClient> Client { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => this.app.Services;

    public IStepRecords Records => this.Services.GetRequiredService<IStepRecords>();

    public IStepLogs Logs => this.Services.GetRequiredService<IStepLogs>();

    /// <summary>Gets how many times a run was read with its input (a watcher's poll, or a route's read).</summary>
    public int Reads => Volatile.Read(ref this.reads);

    public static async Task<LiveServer> StartAsync(Action<HttpApiOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddBazaar().AddInMemoryProductStore().AddHttpApi(o =>
        {
            o.LiveInterval = TimeSpan.FromMilliseconds(50);
            o.LiveHeartbeat = TimeSpan.FromMilliseconds(300);
            o.LiveLinger = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        var client = new Mock<DurableTaskClient>("bazaar");
        app.MapBazaarApi(() => client.Object);
        app.MapBazaarUi();
        await app.StartAsync(Bazaar.Testing.TestTimeout.Token());
        var server = new LiveServer(app, client);
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool inputs, CancellationToken _) => server.Metadata(id, inputs));
        return server;
    }

    public void AddRun(string id, GraphDefinition graph, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running)
    {
        lock (this.runs)
        {
            this.runs[id] = (graph, status);
        }
    }

    public void SetStatus(string id, OrchestrationRuntimeStatus status)
    {
        lock (this.runs)
        {
            this.runs[id] = (this.runs[id].Graph, status);
        }
    }

    public Task RecordAsync(string id, string step, StepState state, int attempts, CancellationToken cancellationToken) =>
        this.Records.WriteStepRecordAsync(id, new StepResult
        {
            Step = step,
            State = state,
            Attempts = attempts,
            StartedAt = DateTimeOffset.UnixEpoch.AddSeconds(1000),
            EndedAt = state == StepState.Running ? null : DateTimeOffset.UnixEpoch.AddSeconds(1002),
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        this.Http.Dispose();
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private OrchestrationMetadata? Metadata(string id, bool inputs)
    {
        lock (this.runs)
        {
            if (!this.runs.TryGetValue(id, out var run))
            {
                return null;
            }

            if (inputs)
            {
                Interlocked.Increment(ref this.reads);
            }

            var request = new RunRequest { RunId = id, Graph = run.Graph };
            return new OrchestrationMetadata(BazaarTasks.RunGraph, id)
            {
                RuntimeStatus = run.Status,
                CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(999),
                LastUpdatedAt = DateTimeOffset.UnixEpoch.AddSeconds(999),
                SerializedInput = inputs ? JsonSerializer.Serialize(request) : null,
                DataConverter = Microsoft.DurableTask.Converters.JsonDataConverter.Default,
            };
        }
    }
}
