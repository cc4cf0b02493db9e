using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bazaar.Hosting;

/// <summary>
/// An Azurite storage emulator this process started, on loopback. Stopping (or disposing) it stops
/// exactly the processes it started and nothing else, gracefully: SIGINT, a bounded wait for Azurite
/// to save and close its stores, and SIGKILL only when that wait runs out. Azurite keeps its
/// metadata in memory and saves it every few seconds, so a process killed outright loses what was
/// written in its last seconds: runs, products and cache entries. By default the emulator is three
/// processes, one per service; they start and stop together.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>How long Azurite gets to save its stores and exit before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly IReadOnlyList<Process> processes;
    private readonly string? dataDirectory;
    private readonly string accountKey;
    private ProcessStopOutcome? stopped;

    private AzuriteProcess(IReadOnlyList<Process> processes, int blobPort, int queuePort, int tablePort, string? dataDirectory, string accountKey)
    {
        this.processes = processes;
        this.accountKey = accountKey;
        this.BlobPort = blobPort;
        this.QueuePort = queuePort;
        this.TablePort = tablePort;
        this.dataDirectory = dataDirectory;
    }

    /// <summary>The ports Azurite listens on when nothing else is said.</summary>
    public static readonly (int Blob, int Queue, int Table) DefaultPorts = (10000, 10001, 10002);

    /// <summary>Gets the blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>Gets the queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>Gets the table service port.</summary>
    public int TablePort { get; }

    /// <summary>Gets the process ids of the emulator this instance started: one per service, or one for all three.</summary>
    public IReadOnlyList<int> ProcessIds => this.processes.Select(p => p.Id).ToList();

    /// <summary>Gets a connection string for the emulator's development account.</summary>
    public string ConnectionString => BuildConnectionString(this.BlobPort, this.QueuePort, this.TablePort, this.accountKey);

    /// <summary>Builds the development-account connection string for Azurite on the given loopback ports.</summary>
    /// <param name="blobPort">The blob port.</param>
    /// <param name="queuePort">The queue port.</param>
    /// <param name="tablePort">The table port.</param>
    /// <param name="accountKey">The account's key; the well-known development key unless the emulator was started with another.</param>
    /// <returns>The connection string.</returns>
    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort, string accountKey = DevelopmentAccountKey) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={accountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Tells whether something accepts connections on a loopback port.</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> when a listener answered.</returns>
    public static bool IsListening(int port)
    {
        // A blocking connect: on loopback it is answered at once by the kernel (accepted into the
        // backlog, or refused), with no thread-pool continuation that a busy process could delay
        // past a timeout and so report a listening emulator as gone.
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Finds the Azurite executable: <c>BAZAAR_AZURITE</c>, then <c>.tools/node_modules/.bin/azurite</c>
    /// under the repository that holds <paramref name="searchFrom"/>, then <c>azurite</c> on PATH.
    /// </summary>
    /// <param name="searchFrom">A folder inside the repository; defaults to the app's base folder.</param>
    /// <returns>The executable's path, or <see langword="null"/> when there is none.</returns>
    public static string? FindExecutable(string? searchFrom = null)
    {
        var configured = Environment.GetEnvironmentVariable("BAZAAR_AZURITE");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(searchFrom ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, "azurite");
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Starts Azurite on loopback: by default one process per service (<c>azurite-blob</c>,
    /// <c>azurite-queue</c>, <c>azurite-table</c>), each on a Node thread of its own, so a busy queue
    /// does not hold up blob and table calls. Port 0 picks a free port. Data is kept in memory unless
    /// <paramref name="dataDirectory"/> is given; the three processes share it, each with its own files.
    /// </summary>
    /// <param name="blobPort">The blob port, or 0 for a free one.</param>
    /// <param name="queuePort">The queue port, or 0 for a free one.</param>
    /// <param name="tablePort">The table port, or 0 for a free one.</param>
    /// <param name="dataDirectory">Where to keep data across restarts, or <see langword="null"/> for memory.</param>
    /// <param name="logFile">
    /// Where Azurite's output goes, for an emulator that may outlive this process (its output must
    /// not depend on a pipe to this process); <see langword="null"/> reads it through pipes.
    /// </param>
    /// <param name="accountKey">
    /// The development account's key (base64), so that only who holds it can use the emulator; the
    /// well-known development key when <see langword="null"/>.
    /// </param>
    /// <param name="oneProcessPerService">
    /// <see langword="true"/> for a process per service; <see langword="false"/> for the single
    /// <c>azurite</c> process serving all three (also used when the per-service commands are not installed).
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for the emulator to listen.</param>
    /// <returns>The running emulator.</returns>
    /// <exception cref="BazaarException">Azurite is not installed, or did not start.</exception>
    public static async Task<AzuriteProcess> StartAsync(
        int blobPort = 0,
        int queuePort = 0,
        int tablePort = 0,
        string? dataDirectory = null,
        string? logFile = null,
        string? accountKey = null,
        bool oneProcessPerService = true,
        CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable() ?? throw new BazaarException(
            "Azurite, the storage emulator, is not installed and nothing listens on its ports. " +
            "Install it with `npm install --prefix .tools azurite` in the repository (./bazaar and ./test.sh do this), " +
            "or set BAZAAR_STORAGE to a storage account connection string.");

        blobPort = blobPort == 0 ? FreePort() : blobPort;
        queuePort = queuePort == 0 ? FreePort() : queuePort;
        tablePort = tablePort == 0 ? FreePort() : tablePort;
        accountKey ??= DevelopmentAccountKey;

        string? scratch = null;
        if (dataDirectory is null)
        {
            // Azurite refuses --location together with --inMemoryPersistence; anything it still writes
            // (its debug log, if enabled) lands in the scratch folder it runs in.
            scratch = Directory.CreateTempSubdirectory("bazaar-azurite-").FullName;
        }

        if (logFile is not null)
        {
            // Each process appends: a fresh log per start, shared by the three.
            File.WriteAllText(logFile, string.Empty);
        }

        var services = ServiceCommands(executable, oneProcessPerService, blobPort, queuePort, tablePort);
        var output = new StringBuilder();
        var processes = new List<Process>();
        foreach (var (command, serviceArgs) in services)
        {
            var info = CreateStartInfo(command, logFile);
            if (accountKey != DevelopmentAccountKey)
            {
                // Azurite's own way to replace the well-known account: AZURITE_ACCOUNTS=name:key.
                info.Environment["AZURITE_ACCOUNTS"] = $"devstoreaccount1:{accountKey}";
            }

            foreach (var arg in CommonArgs.Concat(serviceArgs))
            {
                info.ArgumentList.Add(arg);
            }

            if (scratch is not null)
            {
                info.WorkingDirectory = scratch;
                info.ArgumentList.Add("--inMemoryPersistence");
            }
            else
            {
                info.ArgumentList.Add("--location");
                info.ArgumentList.Add(dataDirectory!);
            }

            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.Start();
            if (logFile is null)
            {
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
            }

            processes.Add(process);
        }

        var azurite = new AzuriteProcess(processes, blobPort, queuePort, tablePort, scratch, accountKey);
        var waited = Stopwatch.StartNew();
        while (!(IsListening(blobPort) && IsListening(queuePort) && IsListening(tablePort)))
        {
            if (processes.Any(p => p.HasExited) || waited.Elapsed > TimeSpan.FromSeconds(60) || cancellationToken.IsCancellationRequested)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
                var said = logFile is null ? Said(output) : Tail(logFile);
                throw new BazaarException(
                    $"Azurite ({executable}) did not start listening on 127.0.0.1 ports {blobPort}, {queuePort}, {tablePort}." +
                    (said.Length > 0 ? $" It said: {said}" : string.Empty) +
                    " Check that the ports are free, or set BAZAAR_STORAGE to another storage account.");
            }

            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        return azurite;
    }

    /// <summary>
    /// Lets the emulator run on after this object is gone (another command still uses it): the
    /// handle is released and nothing is sent to the process.
    /// </summary>
    public void LeaveRunning()
    {
        this.stopped = ProcessStopOutcome.AlreadyExited;
    }

    /// <summary>
    /// Stops the emulator gracefully (SIGINT to each of its processes at once, up to
    /// <see cref="StopGrace"/> for them to close their stores, then SIGKILL). Stopping twice stops once.
    /// </summary>
    /// <returns>How it ended: <see cref="ProcessStopOutcome.Killed"/> means it may have lost its last writes.</returns>
    public async Task<ProcessStopOutcome> StopAsync()
    {
        if (this.stopped is { } done)
        {
            return done;
        }

        var outcome = await StopAllAsync(this.ProcessIds).ConfigureAwait(false);
        this.stopped = outcome;
        return outcome;
    }

    /// <summary>
    /// Stops the emulator's processes together with SIGINT, the one signal each of them turns into a
    /// graceful close: <c>azurite-table</c> (3.37) handles only SIGINT, and dies at once on SIGTERM
    /// with the entities of its last seconds unsaved. The outcome is the worst of theirs.
    /// </summary>
    /// <param name="pids">The processes.</param>
    /// <returns><see cref="ProcessStopOutcome.Killed"/> if any was killed, else <see cref="ProcessStopOutcome.Exited"/> if any was stopped.</returns>
    internal static async Task<ProcessStopOutcome> StopAllAsync(IEnumerable<int> pids)
    {
        var outcomes = await Task.WhenAll(pids.Select(pid => ProcessStopper.StopAsync(pid, PosixProcesses.SigInt, StopGrace))).ConfigureAwait(false);
        return outcomes.Length == 0 ? ProcessStopOutcome.AlreadyExited : outcomes.Max();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await this.StopAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        foreach (var process in this.processes)
        {
            process.Dispose();
        }

        if (this.dataDirectory is not null)
        {
            try
            {
                Directory.Delete(this.dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }
}
