using Bazaar.Cli.Output;
using Bazaar.Hosting;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// The storage a command uses: <c>BAZAAR_STORAGE</c> or <c>BAZAAR_STORAGE_ACCOUNT_URL</c> when set;
/// otherwise the local Azurite that bazaar commands share (<see cref="LocalAzurite"/>): started when
/// nothing listens on its ports, its data kept under <c>~/.bazaar/azurite</c> so that later commands
/// find what earlier ones stored, and stopped gracefully by the last command that uses it.
/// </summary>
internal sealed class StorageSession : IAsyncDisposable
{
    private readonly LocalAzurite? azurite;
    private readonly CliConsole console;

    private StorageSession(BazaarHostOptions options, LocalAzurite? azurite, CliConsole console)
    {
        this.Options = options;
        this.azurite = azurite;
        this.console = console;
    }

    public BazaarHostOptions Options { get; }

    /// <summary>Gets where this command looks for runs, for messages: task hub, container and storage.</summary>
    public string Where => $"task hub '{this.Options.TaskHub}', container '{this.Options.Container}' in {Describe(this.Options, this.azurite?.Location)}";

    /// <summary>Opens storage; notes about the emulator go to <paramref name="console"/>.</summary>
    public static async Task<StorageSession> OpenAsync(IStorageSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        var options = Resolve(settings);
        if (options.StorageAccountUrl is not null || !string.IsNullOrEmpty(options.Storage))
        {
            return new StorageSession(options, null, console);
        }

        var azurite = await LocalAzurite.OpenAsync(LocalStorageLocation.FromEnvironment(), cancellationToken);
        options.Storage = azurite.ConnectionString;
        console.Note(azurite.Notice);
        return new StorageSession(options, azurite, console);
    }

    /// <summary>Reads the storage settings without opening anything: options, then environment, then defaults.</summary>
    public static BazaarHostOptions Resolve(IStorageSettings settings)
    {
        // An empty variable counts as unset, as in most tools (`BAZAAR_TASK_HUB= bazaar run ...`).
        static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var options = new BazaarHostOptions
        {
            Storage = settings.Storage ?? Variable("BAZAAR_STORAGE"),
            TaskHub = settings.TaskHub ?? Variable("BAZAAR_TASK_HUB") ?? "bazaar",
            Container = settings.Container ?? Variable("BAZAAR_CONTAINER") ?? "bazaar",
        };
        var accountUrl = Variable("BAZAAR_STORAGE_ACCOUNT_URL");
        if (!string.IsNullOrEmpty(accountUrl))
        {
            options.StorageAccountUrl = Uri.TryCreate(accountUrl, UriKind.Absolute, out var url) ? url : throw new BazaarException(
                $"BAZAAR_STORAGE_ACCOUNT_URL is '{accountUrl}', which is not a URL. Set it to the account's blob endpoint, e.g. https://NAME.blob.core.windows.net.");
        }

        return options;
    }

    /// <summary>Describes the storage, never with a key: the local emulator with its data folder, or the account.</summary>
    public static string Describe(BazaarHostOptions options, LocalStorageLocation? local) => local is null
        ? options.DescribeStorage()
        : $"Azurite at {local.Endpoint} (data in {local.DataDirectory})";

    public async ValueTask DisposeAsync()
    {
        if (this.azurite is not null && await this.azurite.CloseAsync() is { } note)
        {
            this.console.Note(note);
        }
    }
}
