using Bazaar.Hosting;
using Bazaar.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Cli.Hosting;

/// <summary><c>bazaar serve</c>'s web server: Kestrel on the given URLs, the bearer token when set, and the API's routes over a running host.</summary>
internal static class ApiServer
{
    public static WebApplication Build(LocalDurableHost host, IReadOnlyList<string> urls, string? token, ILoggerFactory loggerFactory) =>
        Build(host.Services, () => host.Client, urls, token, loggerFactory);

    /// <summary>Builds the server over any host's services (those <c>AddHttpApi()</c> filled) and Durable Task client.</summary>
    internal static WebApplication Build(IServiceProvider services, Func<DurableTaskClient> client, IReadOnlyList<string> urls, string? token, ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Bazaar.Serve" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls([.. urls]);

        // RunsApi enforces its own, documented limits (HttpApiOptions) with a 413 that says so;
        // Kestrel's default 30 MB cap would cut uploads of inputs off earlier, with no explanation.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Services.AddSingleton(services.GetRequiredService<RunsApi>());
        builder.Services.AddSingleton(services.GetRequiredService<CallbacksApi>());
        builder.Services.AddSingleton(services.GetRequiredService<LiveApi>());
        var app = builder.Build();
        app.UseServeGuard();
        if (token is not null)
        {
            app.UseBearerToken(token);
        }

        app.MapBazaarApi(client);
        app.MapBazaarUi();
        // {**path}, not the default {*path:nonfile}, so paths that look like file names get the problem too.
        app.MapFallback("{**path}", (HttpRequest r) => new ApiProblem(
            StatusCodes.Status404NotFound,
            "Not found",
            $"There is nothing at {r.Path}. Bazaar's API is under /{ApiRoutes.Prefix}/, e.g. GET /{ApiRoutes.Prefix}/{ApiRoutes.Runs}."));
        return app;
    }

    /// <summary>Gets the addresses the server listens on, with the real port when the URL asked for port 0.</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
