using System.Collections.Concurrent;
using Bazaar.Examples.StepFunction;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Remotes.AzureFunctions.Tests;

/// <summary>
/// The example step function's handler (examples/azure-functions) served by Kestrel on loopback, as the Functions
/// host would serve it: routes under <c>/api/</c>, the key checked from <c>x-functions-key</c> first. Functions:
/// <c>bazaar-step</c> (auto: at once for steps within five minutes), <c>bazaar-step-async</c> (a status URL, whose
/// Location carries a <c>code</c> as Durable's does), <c>bazaar-step-callhome</c>, <c>locked</c> (another key),
/// <c>garbage</c> (answers HTML). Every call is recorded.
/// </summary>
public sealed class FunctionApp : IAsyncDisposable
{
    public const string Key = "test-function-key-0123456789";
    public const string LocationCode = "hush-location-code";
    private readonly WebApplication app;

    private FunctionApp(WebApplication app) => this.app = app;

    /// <summary>Gets the calls, as <c>METHOD /path</c> with <c>+key</c> when the right key came.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Gets the base URL functions are named under, e.g. <c>http://127.0.0.1:1234/api/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FunctionApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FunctionApp(app);
        var auto = new StepHandler(new StepHandlerOptions { Mode = StepMode.Auto, SyncLimit = TimeSpan.FromMinutes(5), Grace = TimeSpan.FromSeconds(2) });
        var later = new StepHandler(new StepHandlerOptions { Mode = StepMode.Async, Grace = TimeSpan.FromSeconds(2) });
        var callHome = new StepHandler(new StepHandlerOptions { Mode = StepMode.CallHome, Grace = TimeSpan.FromSeconds(2) });

        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            var key = context.Request.Headers["x-functions-key"].ToString();
            var expected = path.StartsWith("/api/locked", StringComparison.Ordinal) ? "another-key" : Key;
            server.Calls.Enqueue($"{context.Request.Method} {path}{(key == Key ? " +key" : string.Empty)}{(context.Request.QueryString.HasValue ? " " + context.Request.QueryString : string.Empty)}");
            if (key != expected)
            {
                // What the Functions host answers a call without the function's key.
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });

        app.MapPost("/api/bazaar-step", async (HttpContext c) => await (await auto.RunAsync(c.Request, c.RequestAborted)).WriteAsync(c.Response));
        app.MapGet("/api/bazaar-step/status/{id}", async (HttpContext c, string id) => await auto.Status(c.Request, id).WriteAsync(c.Response));
        app.MapDelete("/api/bazaar-step/status/{id}", async (HttpContext c, string id) => await auto.Cancel(id).WriteAsync(c.Response));
        app.MapPost("/api/locked", async (HttpContext c) => await (await auto.RunAsync(c.Request, c.RequestAborted)).WriteAsync(c.Response));
        app.MapPost("/api/bazaar-step-callhome", async (HttpContext c) => await (await callHome.RunAsync(c.Request, c.RequestAborted)).WriteAsync(c.Response));
        app.MapPost("/api/bazaar-step-async", async (HttpContext c) =>
        {
            var answer = await later.RunAsync(c.Request, c.RequestAborted);
            var withCode = answer.Location is { } l ? answer with { Location = new Uri(l.AbsoluteUri + "?code=" + LocationCode) } : answer;
            await withCode.WriteAsync(c.Response);
        });
        app.MapGet("/api/bazaar-step-async/status/{id}", async (HttpContext c, string id) => await later.Status(c.Request, id).WriteAsync(c.Response));
        app.MapDelete("/api/bazaar-step-async/status/{id}", async (HttpContext c, string id) => await later.Cancel(id).WriteAsync(c.Response));
        app.MapPost("/api/garbage", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            await c.Response.WriteAsync("<html><body>Function host is starting\nsee https://x.example/p?sig=SECRETSIG</body></html>");
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/api/");
        return server;
    }

    /// <summary>The calls whose path starts with <paramref name="path"/>.</summary>
    public List<string> CallsTo(string path) => [.. this.Calls.Where(c => c.Split(' ')[1].StartsWith(path, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
