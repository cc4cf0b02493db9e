using System.Diagnostics;
using System.Globalization;

namespace Bazaar.Hosting;

/// <summary>
/// One command's use of the Azurite emulator that local <c>bazaar</c> commands share. Opening it
/// starts Azurite when nothing listens on its ports, or uses the one that does: one a bazaar command
/// started (shared with the commands still using it, or adopted when the command that started it
/// died without stopping it) or one the person started (used, never stopped). Closing it stops a
/// bazaar-started emulator gracefully when no other bazaar process uses it any more; the last one
/// out turns off the light. The decisions are taken under a lock file, so commands that start and
/// end at the same time agree.
/// </summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(90);

    private readonly AzuriteProcess? started;
    private readonly IReadOnlyList<int> emulator;
    private bool closed;

    private LocalAzurite(LocalStorageLocation location, AzuriteProcess? started, IReadOnlyList<int> emulator, string notice, string accountKey)
    {
        this.Location = location;
        this.ConnectionString = AzuriteProcess.BuildConnectionString(location.BlobPort, location.QueuePort, location.TablePort, accountKey);
        this.started = started;
        this.emulator = emulator;
        this.Notice = notice;
    }

    /// <summary>Gets where the emulator and its data are.</summary>
    public LocalStorageLocation Location { get; }

    /// <summary>
    /// Gets the connection string: with this installation's own account key for an emulator a bazaar
    /// command started, with the well-known development key for one the person started.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>Gets what opening did, for the person: started, shared, adopted or used.</summary>
    public string Notice { get; }

    /// <summary>Gets the process ids of the emulator (one per service) when a bazaar command started it; empty otherwise.</summary>
    public IReadOnlyList<int> ProcessIds => this.emulator;

    /// <summary>Starts, shares or adopts the emulator at <paramref name="location"/>.</summary>
    /// <param name="location">Where it is.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock or for Azurite to listen.</param>
    /// <returns>This command's use of it; dispose it (or <see cref="CloseAsync"/>) when the command ends.</returns>
    /// <exception cref="BazaarException">Azurite could not be started, or another command holds the lock too long.</exception>
    public static async Task<LocalAzurite> OpenAsync(LocalStorageLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        Files.PrivateFolder.Create(location.Home);
        using var held = await LockAsync(location, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(location.UsersDirectory);
        File.WriteAllText(UserFile(location, Environment.ProcessId), string.Empty);

        var pids = EmulatorPids(location);
        var pid = string.Join(", ", pids);
        if (IsListening(location))
        {
            if (pids.Count == 0)
            {
                return new LocalAzurite(location, null, [],
                    $"Using the Azurite already listening on {location.Endpoint}; bazaar did not start it and leaves it running.",
                    AzuriteProcess.DevelopmentAccountKey);
            }

            var others = OtherUsers(location);
            return new LocalAzurite(location, null, pids, others.Count > 0
                ? $"Sharing Azurite (pid {pid}) on {location.Endpoint} with bazaar pid {string.Join(", ", others)}."
                : $"Adopted Azurite (pid {pid}) on {location.Endpoint}, left running by a bazaar command that ended without stopping it; it stops when this command ends.",
                SecretFile.Read(location.KeyFile) ?? AzuriteProcess.DevelopmentAccountKey);
        }

        if (pids.Count > 0)
        {
            throw new BazaarException(
                $"Azurite (pid {pid}) runs on the data in {location.DataDirectory} but does not answer on {location.Endpoint}. " +
                $"Stop it (kill {string.Join(' ', pids)}) or give BAZAAR_AZURITE_PORT the port it was started with, then try again.");
        }

        Files.PrivateFolder.Create(location.DataDirectory);
        // 64 random bytes: this installation's account key, in place of Azurite's published one.
        var key = SecretFile.ReadOrCreate(location.KeyFile, () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)));
        var azurite = await AzuriteProcess.StartAsync(
            location.BlobPort, location.QueuePort, location.TablePort, location.DataDirectory, location.LogFile, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        File.WriteAllLines(location.PidFile, azurite.ProcessIds.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return new LocalAzurite(location, azurite, azurite.ProcessIds,
            $"Started Azurite (pid {string.Join(", ", azurite.ProcessIds)}) on {location.Endpoint}, data in {location.DataDirectory}; it stops when the last bazaar command using it ends.",
            key);
    }

    /// <summary>Describes the emulator at <paramref name="location"/> without touching it.</summary>
    /// <param name="location">Where it is.</param>
    /// <returns>Whether it listens, which bazaar-started process it is, and which bazaar processes use it.</returns>
    public static LocalAzuriteStatus Inspect(LocalStorageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new LocalAzuriteStatus(IsListening(location), EmulatorPids(location), LiveUsers(location, prune: false));
    }

    /// <summary>
    /// Ends this command's use: stops the emulator gracefully when a bazaar command started it and no
    /// other bazaar process uses it; otherwise leaves it running. Closing twice closes once.
    /// </summary>
    /// <returns>What happened, for the person, or <see langword="null"/> when there is nothing worth saying.</returns>
    public async Task<string?> CloseAsync()
    {
        if (this.closed)
        {
            return null;
        }

        this.closed = true;
        using var held = await LockAsync(this.Location, CancellationToken.None).ConfigureAwait(false);
        TryDelete(UserFile(this.Location, Environment.ProcessId));
        if (this.emulator.Count == 0)
        {
            return null;
        }

        var pid = string.Join(", ", this.emulator);
        var others = OtherUsers(this.Location);
        if (others.Count > 0)
        {
            this.started?.LeaveRunning();
            return $"Left Azurite (pid {pid}) running for bazaar pid {string.Join(", ", others)}, which still uses it.";
        }

        var outcome = this.started is not null
            ? await this.started.StopAsync().ConfigureAwait(false)
            : await AzuriteProcess.StopAllAsync(this.emulator).ConfigureAwait(false);
        TryDelete(this.Location.PidFile);
        if (this.started is not null)
        {
            await this.started.DisposeAsync().ConfigureAwait(false);
        }

        return outcome switch
        {
            ProcessStopOutcome.Killed =>
                $"Azurite (pid {pid}) did not stop within {AzuriteProcess.StopGrace.TotalSeconds:0} s of SIGINT and was killed (SIGKILL); " +
                "what it stored in its last seconds may be lost. Its output is in " + this.Location.LogFile + ".",
            ProcessStopOutcome.AlreadyExited => $"Azurite (pid {pid}) had already exited.",
            _ => null,
        };
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await this.CloseAsync().ConfigureAwait(false);

    private static bool IsListening(LocalStorageLocation location) =>
        AzuriteProcess.IsListening(location.BlobPort) && AzuriteProcess.IsListening(location.QueuePort) && AzuriteProcess.IsListening(location.TablePort);

    /// <summary>
    /// The processes of the emulator a bazaar command started (a line each in the pid file) that still
    /// run; a pid file none of whose processes runs is removed.
    /// </summary>
    private static List<int> EmulatorPids(LocalStorageLocation location)
    {
        if (!File.Exists(location.PidFile))
        {
            return [];
        }

        var live = File.ReadAllLines(location.PidFile)
            .Select(line => int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && PosixProcesses.IsAlive(pid) && PosixProcesses.CommandLine(pid).Contains("azurite", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (live.Count == 0)
        {
            TryDelete(location.PidFile);
        }

        return live;
    }

    private static List<int> OtherUsers(LocalStorageLocation location) =>
        LiveUsers(location, prune: true).Where(p => p != Environment.ProcessId).ToList();

    /// <summary>The bazaar processes registered as users that still run; files of dead ones go when <paramref name="prune"/>.</summary>
    private static List<int> LiveUsers(LocalStorageLocation location, bool prune)
    {
        var live = new List<int>();
        if (!Directory.Exists(location.UsersDirectory))
        {
            return live;
        }

        foreach (var file in Directory.EnumerateFiles(location.UsersDirectory))
        {
            if (int.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && PosixProcesses.IsAlive(pid)
                && PosixProcesses.CommandLine(pid).Contains("bazaar", StringComparison.OrdinalIgnoreCase))
            {
                live.Add(pid);
            }
            else if (prune)
            {
                TryDelete(file);
            }
        }

        live.Sort();
        return live;
    }

    private static string UserFile(LocalStorageLocation location, int pid) =>
        Path.Combine(location.UsersDirectory, pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Takes the lock file (an exclusive open, which .NET backs with flock on Unix).</summary>
    private static async Task<FileStream> LockAsync(LocalStorageLocation location, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(location.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new BazaarException(
                    $"Another bazaar command has held {location.LockFile} for over {LockWait.TotalSeconds:0} s while starting or stopping Azurite. " +
                    "Wait for it to finish, or end it, and try again.", e);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another command removed it first.
        }
    }
}
