using System.Net.Http.Headers;
using Bazaar.Functions.Http;
using Bazaar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Browser.Tests;

/// <summary>
/// The Function App as a browser meets it, on loopback: the app's own UI functions (<see cref="UiFunctions"/>) on the
/// routes its metadata declares, anonymous; every <c>/api/…</c> request refused with 401 unless it carries the function
/// key (<c>x-functions-key</c> or <c>?code=</c>, as the Functions host checks it) and then answered by the real
/// <c>bazaar serve</c> behind, which shares the API's implementation with the app.
/// </summary>
internal sealed class FunctionAppFrontEnd : IAsyncDisposable
{
    public const string Key = "function-key-0123456789abcdef";

    private static readonly string[] Forwarded = ["Accept", "Last-Event-ID", "If-None-Match"];

    private readonly WebApplication app;
    private readonly HttpClient serve;
    private int refused;

    private FunctionAppFrontEnd(WebApplication app, HttpClient serve)
    {
        this.app = app;
        this.serve = serve;
    }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Gets how many API requests were refused for want of the key.</summary>
    public int Refused => Volatile.Read(ref this.refused);

    public static async Task<FunctionAppFrontEnd> StartAsync(ServeFixture fixture, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var serve = new HttpClient { BaseAddress = fixture.Address, Timeout = Timeout.InfiniteTimeSpan };
        serve.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServeFixture.Token);
        var frontEnd = new FunctionAppFrontEnd(builder.Build(), serve);
        frontEnd.app.Use((context, next) => context.Request.Path.StartsWithSegments("/api") ? frontEnd.ApiAsync(context) : next(context));
        // The routes of the app's functions.metadata (Bazaar.Functions.Tests pins them there).
        frontEnd.app.MapGet("{root:maxlength(0)?}", (HttpRequest req) => UiFunctions.UiRoot(req));
        frontEnd.app.MapGet("ui/{*path}", (HttpRequest req, string? path) => UiFunctions.UiPage(req, path));
        await frontEnd.app.StartAsync(cancellationToken);
        var address = frontEnd.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        frontEnd.Address = new Uri(address.TrimEnd('/') + "/");
        return frontEnd;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.DisposeAsync();
        this.serve.Dispose();
    }

    private async Task ApiAsync(HttpContext context)
    {
        var request = context.Request;
        var given = request.Headers["x-functions-key"].ToString() is { Length: > 0 } header ? header : request.Query["code"].ToString();
        if (given != Key)
        {
            Interlocked.Increment(ref this.refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var query = string.Join('&', request.Query.Where(q => q.Key != "code").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.Value!.TrimStart('/') + (query.Length > 0 ? "?" + query : string.Empty));
        foreach (var name in Forwarded)
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                forward.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }

        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
            forward.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        var aborted = context.RequestAborted;
        using var answer = await this.serve.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, aborted);
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        // Each read is written and flushed on its own, so an event stream arrives as it is written.
        try
        {
            await using var body = await answer.Content.ReadAsStreamAsync(aborted);
            await body.CopyToAsync(response.Body, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser went away.
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            // The browser went away.
        }
    }
}
