using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bazaar.Hosting;

/// <summary>
/// An Azurite storage emulator this process started, on loopback. Disposing it stops exactly
/// the process it started and nothing else.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;
    private readonly string? dataDirectory;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort, string? dataDirectory)
    {
        this.process = process;
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

    /// <summary>Gets the process id of the emulator this instance started.</summary>
    public int ProcessId => this.process.Id;

    /// <summary>Gets a connection string for the emulator's development account.</summary>
    public string ConnectionString => BuildConnectionString(this.BlobPort, this.QueuePort, this.TablePort);

    /// <summary>Builds the development-account connection string for Azurite on the given loopback ports.</summary>
    /// <param name="blobPort">The blob port.</param>
    /// <param name="queuePort">The queue port.</param>
    /// <param name="tablePort">The table port.</param>
    /// <returns>The connection string.</returns>
    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Tells whether something accepts connections on a loopback port.</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> when a listener answered.</returns>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromMilliseconds(500)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
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
    /// Starts Azurite on loopback. Port 0 picks a free port. Data is kept in memory unless
    /// <paramref name="dataDirectory"/> is given.
    /// </summary>
    /// <param name="blobPort">The blob port, or 0 for a free one.</param>
    /// <param name="queuePort">The queue port, or 0 for a free one.</param>
    /// <param name="tablePort">The table port, or 0 for a free one.</param>
    /// <param name="dataDirectory">Where to keep data across restarts, or <see langword="null"/> for memory.</param>
    /// <param name="cancellationToken">Cancels the wait for the emulator to listen.</param>
    /// <returns>The running emulator.</returns>
    /// <exception cref="BazaarException">Azurite is not installed, or did not start.</exception>
    public static async Task<AzuriteProcess> StartAsync(
        int blobPort = 0,
        int queuePort = 0,
        int tablePort = 0,
        string? dataDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable() ?? throw new BazaarException(
            "Azurite, the storage emulator, is not installed and nothing listens on its ports. " +
            "Install it with `npm install --prefix .tools azurite` in the repository (./bazaar and ./test.sh do this), " +
            "or set BAZAAR_STORAGE to a storage account connection string.");

        blobPort = blobPort == 0 ? FreePort() : blobPort;
        queuePort = queuePort == 0 ? FreePort() : queuePort;
        tablePort = tablePort == 0 ? FreePort() : tablePort;

        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
        })
        {
            info.ArgumentList.Add(arg);
        }

        // In-memory persistence and --location exclude each other; a scratch folder is still the
        // working directory so nothing lands where the command was started.
        string? scratch = null;
        if (dataDirectory is null)
        {
            // Azurite refuses --location together with --inMemoryPersistence; anything it still writes
            // (its debug log, if enabled) lands in the scratch folder it runs in.
            scratch = Directory.CreateTempSubdirectory("bazaar-azurite-").FullName;
            info.WorkingDirectory = scratch;
            info.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            info.ArgumentList.Add("--location");
            info.ArgumentList.Add(dataDirectory);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort, scratch);
        var waited = Stopwatch.StartNew();
        while (!(IsListening(blobPort) && IsListening(queuePort) && IsListening(tablePort)))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60) || cancellationToken.IsCancellationRequested)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
                string said;
                lock (output)
                {
                    said = output.ToString().Trim();
                }

                throw new BazaarException(
                    $"Azurite ({executable}) did not start listening on 127.0.0.1 ports {blobPort}, {queuePort}, {tablePort}." +
                    (said.Length > 0 ? $" It said: {said}" : string.Empty) +
                    " Check that the ports are free, or set BAZAAR_STORAGE to another storage account.");
            }

            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        return azurite;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // The kill was sent; the OS reaps it.
        }

        this.process.Dispose();
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

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 4096)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
