using Bazaar.CallHome;
using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>
/// <c>bazaar serve</c>: the local durable host, long-running, answering the HTTP API. Several
/// processes on one task hub share the work: each runs orchestrations and steps from the hub's queues.
/// </summary>
internal sealed class ServeCommand(StandardStreams streams) : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, json: false);

        using var loggerFactory = CliLogging.Create(settings.Verbose);
        await using var storage = await StorageSession.OpenAsync(settings, console, cancellationToken);

        storage.Options.MaxConcurrentSteps = settings.MaxSteps;
        await using var host = await LocalDurableHost.StartAsync(
            storage.Options,
            bazaar =>
            {
                InstalledRemotes.AddTo(bazaar, settings.OfferedRemotes);
                bazaar.AddHttpApi().AddCallHome(ServeCallbacks.Configure);
            },
            loggerFactory,
            cancellationToken);

        var token = settings.NoAuth ? null : settings.GivenToken ?? ServeToken.LoadOrCreate();
        await using var app = ApiServer.Build(host, settings.UrlList, token, loggerFactory);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            console.Error($"Could not listen on {settings.Urls}: {e.Message}. Choose another address with --urls (port 0 picks a free port).");
            return ExitCodes.Infrastructure;
        }

        ServeCallbacks.UseListeningAddress(host.Services, ApiServer.Addresses(app));
        foreach (var address in ApiServer.Addresses(app))
        {
            console.Data.WriteLine($"Listening on {address}");
        }

        console.Note(
            $"Serving task hub '{storage.Options.TaskHub}', container '{storage.Options.Container}', remotes {string.Join(", ", settings.OfferedRemotes ?? [.. InstalledRemotes.Names])}; " +
            $"{(token is null ? "no credential" : settings.GivenToken is null ? $"its token is in {ServeToken.FilePath} (submit reads it; a browser takes ?token=TOKEN once)" : "a bearer token is required")}. " +
            $"The web UI: {(ApiServer.Addresses(app) is [var first, ..] ? first : settings.Urls)}/{(token is null ? string.Empty : "?token=TOKEN the first time")}. Press Ctrl+C to stop.");
        if (token is null)
        {
            console.Error("--no-auth: any program or web page on this machine can run commands through this server. Drop --no-auth unless you mean it.");
        }

        var janitor = ServeJanitor.RunAsync(host.Services.GetRequiredService<CallHomeJanitor>(), host.Client, console, cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: fall through and shut down in order.
        }

        await janitor;

        console.Note($"Stopping. Runs in progress carry on when a serve process on task hub '{storage.Options.TaskHub}' runs again.");
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(grace.Token);
        return ExitCodes.Success;
    }
}
