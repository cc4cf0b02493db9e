using System.Collections.Concurrent;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bazaar.Agent.Tests;

/// <summary>
/// A loopback Kestrel listener standing in for the host's callback route: it records every call home (path,
/// Authorization header, body, when) and answers with the statuses a test queues, 200 after them.
/// </summary>
public sealed class CallHomeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> answers = new(StringComparer.Ordinal);

    private CallHomeServer(WebApplication app, int port)
    {
        this.app = app;
        this.Port = port;
    }

    public int Port { get; }

    /// <summary>Gets the calls, in the order they came.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Gets or sets what runs when "started" arrives, before it is answered.</summary>
    public Func<Task>? OnStarted { get; set; }

    /// <summary>A fresh pair of endpoints with their own random tokens.</summary>
    public RemoteStepCallHome Endpoints() => new(
        new CallHomeEndpoint(new Uri($"http://127.0.0.1:{this.Port}/api/callbacks/started"), "started-" + Guid.NewGuid().ToString("N")),
        new CallHomeEndpoint(new Uri($"http://127.0.0.1:{this.Port}/api/callbacks/done"), "done-" + Guid.NewGuid().ToString("N")));

    /// <summary>Makes the next calls to <paramref name="event"/> answer these statuses.</summary>
    public void Answer(string @event, params int[] statuses) =>
        Array.ForEach(statuses, this.answers.GetOrAdd(@event, _ => new ConcurrentQueue<int>()).Enqueue);

    public static async Task<CallHomeServer> StartAsync()
    {
        var port = FreePorts.Consecutive(1);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new CallHomeServer(app, port);
        app.MapPost("/api/callbacks/{event}", async (string @event, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            server.Calls.Enqueue(new Call(@event, context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body, DateTimeOffset.UtcNow));
            if (@event == "started" && server.OnStarted is { } onStarted)
            {
                await onStarted();
            }

            var status = server.answers.TryGetValue(@event, out var queue) && queue.TryDequeue(out var s) ? s : 200;
            return Results.StatusCode(status);
        });
        await app.StartAsync(TestTimeout.Token());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync(CancellationToken.None);
        await this.app.DisposeAsync();
    }

    /// <summary>One call home.</summary>
    public sealed record Call(string Event, string Authorization, string? ContentType, string Body, DateTimeOffset At);
}
