using System.Globalization;

namespace Bazaar.Hosting;

/// <summary>
/// Where the local storage emulator that <c>bazaar</c> commands share lives: its data folder, its
/// ports and the files the commands coordinate through. One per user by default (<c>~/.bazaar</c>);
/// <c>BAZAAR_HOME</c> moves it and <c>BAZAAR_AZURITE_PORT</c> moves its ports.
/// </summary>
public sealed record LocalStorageLocation
{
    /// <summary>Gets the folder that holds everything local: <c>BAZAAR_HOME</c>, else <c>~/.bazaar</c>.</summary>
    public required string Home { get; init; }

    /// <summary>Gets the blob port; the queue and table ports follow it.</summary>
    public int BlobPort { get; init; } = AzuriteProcess.DefaultPorts.Blob;

    /// <summary>Gets the queue port.</summary>
    public int QueuePort => this.BlobPort + 1;

    /// <summary>Gets the table port.</summary>
    public int TablePort => this.BlobPort + 2;

    /// <summary>Gets where Azurite keeps its data.</summary>
    public string DataDirectory => Path.Combine(this.Home, "azurite");

    /// <summary>Gets the file naming the emulator a bazaar command started (its process id).</summary>
    public string PidFile => Path.Combine(this.Home, "azurite.pid");

    /// <summary>Gets the folder with one file per bazaar process that uses the emulator.</summary>
    public string UsersDirectory => Path.Combine(this.Home, "azurite.users");

    /// <summary>Gets the lock the commands take while they start, adopt or stop the emulator.</summary>
    public string LockFile => Path.Combine(this.Home, "azurite.lock");

    /// <summary>Gets the emulator's output.</summary>
    public string LogFile => Path.Combine(this.Home, "azurite.log");

    /// <summary>
    /// Gets the file holding the account key this installation's emulator is started with (0600), so
    /// that no one else on the machine can use its storage with the well-known development key.
    /// </summary>
    public string KeyFile => Path.Combine(this.Home, "azurite.key");

    /// <summary>
    /// Gets the file holding this installation's call-home keys (0600, <c>kid:base64key</c>), which
    /// <c>bazaar serve</c> signs and checks its agents' callback tokens with.
    /// </summary>
    public string CallbackKeyFile => Path.Combine(this.Home, "callback.keys");

    /// <summary>Gets the ports as a person reads them.</summary>
    public string Endpoint => $"127.0.0.1:{this.BlobPort}-{this.TablePort}";

    /// <summary>Reads <c>BAZAAR_HOME</c> and <c>BAZAAR_AZURITE_PORT</c>.</summary>
    /// <returns>The location.</returns>
    /// <exception cref="BazaarException"><c>BAZAAR_AZURITE_PORT</c> is not a port.</exception>
    public static LocalStorageLocation FromEnvironment()
    {
        var home = Environment.GetEnvironmentVariable("BAZAAR_HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bazaar");
        }

        var location = new LocalStorageLocation { Home = Path.GetFullPath(home) };
        var port = Environment.GetEnvironmentVariable("BAZAAR_AZURITE_PORT");
        if (string.IsNullOrEmpty(port))
        {
            return location;
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var blob) && blob is > 0 and < 65534
            ? location with { BlobPort = blob }
            : throw new BazaarException(
                $"BAZAAR_AZURITE_PORT is '{port}', which is not a port. Set it to the emulator's blob port (1-65533); the queue and table ports are the next two.");
    }
}
