using Bazaar.Hosting;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// The storage a command uses: <c>BAZAAR_STORAGE</c> or <c>BAZAAR_STORAGE_ACCOUNT_URL</c> when set;
/// otherwise Azurite on its usual ports, started (and later stopped) by this command when nothing
/// listens there. Azurite started here keeps its data under <c>~/.bazaar/azurite</c> so that
/// <c>bazaar products get</c> finds what an earlier run stored.
/// </summary>
internal sealed class StorageSession : IAsyncDisposable
{
    private readonly AzuriteProcess? started;

    private StorageSession(BazaarHostOptions options, AzuriteProcess? started)
    {
        this.Options = options;
        this.started = started;
    }

    public BazaarHostOptions Options { get; }

    /// <summary>Gets a line for the person about storage, or <see langword="null"/>.</summary>
    public string? Notice => this.started is null ? null : $"Started Azurite (pid {this.started.ProcessId}); it stops when this command ends.";

    public static async Task<StorageSession> OpenAsync(IStorageSettings settings, CancellationToken cancellationToken)
    {
        var options = new BazaarHostOptions
        {
            Storage = settings.Storage ?? Environment.GetEnvironmentVariable("BAZAAR_STORAGE"),
            TaskHub = settings.TaskHub ?? Environment.GetEnvironmentVariable("BAZAAR_TASK_HUB") ?? "bazaar",
            Container = settings.Container ?? Environment.GetEnvironmentVariable("BAZAAR_CONTAINER") ?? "bazaar",
        };
        var accountUrl = Environment.GetEnvironmentVariable("BAZAAR_STORAGE_ACCOUNT_URL");
        if (!string.IsNullOrEmpty(accountUrl))
        {
            options.StorageAccountUrl = Uri.TryCreate(accountUrl, UriKind.Absolute, out var url) ? url : throw new BazaarException(
                $"BAZAAR_STORAGE_ACCOUNT_URL is '{accountUrl}', which is not a URL. Set it to the account's blob endpoint, e.g. https://NAME.blob.core.windows.net.");
        }

        if (options.StorageAccountUrl is not null || !string.IsNullOrEmpty(options.Storage))
        {
            return new StorageSession(options, null);
        }

        options.Storage = "UseDevelopmentStorage=true";
        var (blob, queue, table) = AzuriteProcess.DefaultPorts;
        if (AzuriteProcess.IsListening(blob) && AzuriteProcess.IsListening(queue) && AzuriteProcess.IsListening(table))
        {
            return new StorageSession(options, null);
        }

        var data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bazaar", "azurite");
        Directory.CreateDirectory(data);
        var azurite = await AzuriteProcess.StartAsync(blob, queue, table, data, cancellationToken);
        return new StorageSession(options, azurite);
    }

    public async ValueTask DisposeAsync()
    {
        if (this.started is not null)
        {
            await this.started.DisposeAsync();
        }
    }
}
