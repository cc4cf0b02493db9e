using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bazaar.Hosting;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>
/// serverless-offline (serverless@3 with serverless-offline@13, from the repository's .tools/) serving
/// examples/lambda on a free loopback port. Disposing it stops the process it started and its children.
/// </summary>
internal sealed class ServerlessOffline : IAsyncDisposable
{
    private readonly System.Diagnostics.Process process;
    private readonly StringBuilder output;

    private ServerlessOffline(System.Diagnostics.Process process, StringBuilder output, int port)
    {
        this.process = process;
        this.output = output;
        this.Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Gets the Lambda Invoke endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the serverless CLI script, or <see langword="null"/> when it is not installed.</summary>
    public static string? Script
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("BAZAAR_SERVERLESS");
            var script = string.IsNullOrEmpty(configured) ? RepositoryRoot.Combine(".tools/node_modules/serverless/bin/serverless.js") : configured;
            return File.Exists(script) && Directory.Exists(RepositoryRoot.Combine(".tools/node_modules/serverless-offline")) ? script : null;
        }
    }

    /// <summary>Gets why the emulator cannot run here, or <see langword="null"/> when it can.</summary>
    public static string? Missing => Script is null
        ? "serverless@3 and serverless-offline@13 are not installed in .tools/ (./test.sh installs them: npm install --prefix .tools serverless@3 serverless-offline@13)"
        : null;

    /// <summary>Starts the emulator and waits until it listens.</summary>
    /// <returns>The running emulator.</returns>
    public static async Task<ServerlessOffline> StartAsync()
    {
        var script = Script ?? throw new InvalidOperationException(Missing);
        var port = FreePort();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot.Combine("examples/lambda"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script, "offline", "start", "--host", "127.0.0.1", "--lambdaPort", port.ToString(),
            "--httpPort", FreePort().ToString(), "--websocketPort", FreePort().ToString(), "--albPort", FreePort().ToString(),
        })
        {
            info.ArgumentList.Add(arg);
        }

        // No network: the framework must not phone home, check for updates or ask anything.
        info.Environment["SLS_TELEMETRY_DISABLED"] = "1";
        info.Environment["SLS_TRACKING_DISABLED"] = "1";
        info.Environment["SLS_NOTIFICATIONS_MODE"] = "off";
        info.Environment["SLS_DEPRECATION_DISABLE"] = "*";
        info.Environment["SLS_INTERACTIVE_SETUP_DISABLE"] = "1";
        info.Environment["SLS_AWS_MONITORING_FRAMEWORK_DISABLED"] = "1";
        info.Environment["CI"] = "1";

        var output = new StringBuilder();
        var process = new System.Diagnostics.Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var offline = new ServerlessOffline(process, output, port);
        var waited = Stopwatch.StartNew();
        while (!AzuriteProcess.IsListening(port))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                await offline.DisposeAsync();
                throw new InvalidOperationException($"serverless-offline did not listen on 127.0.0.1:{port} within {waited.Elapsed.TotalSeconds:F0}s. It said: {offline.Output}");
            }

            await Task.Delay(200);
        }

        return offline;
    }

    /// <summary>Gets what the emulator printed.</summary>
    public string Output
    {
        get
        {
            lock (this.output)
            {
                return this.output.ToString();
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (InvalidOperationException)
        {
        }

        this.process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
