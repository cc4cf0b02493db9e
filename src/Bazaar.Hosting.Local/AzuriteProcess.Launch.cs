using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bazaar.Hosting;

/// <content>How the emulator's process is started and what it said.</content>
public sealed partial class AzuriteProcess
{
    // Telemetry off: the emulator reports nothing anywhere, and spends no time on it.
    private static readonly string[] Services = ["blob", "queue", "table"];

    private static readonly string[] CommonArgs = ["--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry"];

    /// <summary>
    /// The command per service with its listening arguments: <c>azurite-blob</c>, <c>azurite-queue</c>
    /// and <c>azurite-table</c> beside <paramref name="executable"/>, or <paramref name="executable"/>
    /// alone for all three when one process is asked for or the per-service commands are missing.
    /// </summary>
    private static List<(string Command, string[] Args)> ServiceCommands(string executable, bool oneProcessPerService, int blobPort, int queuePort, int tablePort)
    {
        string[] blob = ["--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture)];
        string[] queue = ["--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture)];
        string[] table = ["--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture)];
        var folder = Path.GetDirectoryName(executable) ?? ".";
        var separate = Services.Select(s => Path.Combine(folder, $"{Path.GetFileName(executable)}-{s}")).ToArray();
        if (oneProcessPerService && separate.All(File.Exists))
        {
            return [(separate[0], blob), (separate[1], queue), (separate[2], table)];
        }

        return [(executable, [.. blob, .. queue, .. table])];
    }

    private static ProcessStartInfo CreateStartInfo(string executable, string? logFile)
    {
        // In a session of its own, so a Ctrl+C at the terminal reaches this process, which then stops
        // the emulator once nothing needs it any more, instead of the emulator dying under a run that
        // is still writing. setsid(1) and sh's exec replace themselves: the process id stays the emulator's.
        var setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;
        var info = new ProcessStartInfo(setsid ?? executable) { UseShellExecute = false };
        if (setsid is not null)
        {
            info.ArgumentList.Add(executable);
        }

        if (logFile is null)
        {
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            return info;
        }

        // Output to a file: an emulator left running for another command must not write to a pipe
        // whose reader (this process) has exited.
        info.FileName = setsid ?? "/bin/sh";
        info.ArgumentList.Clear();
        if (setsid is not null)
        {
            info.ArgumentList.Add("/bin/sh");
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >>\"$BAZAAR_AZURITE_LOG\" 2>&1");
        info.ArgumentList.Add(executable);
        info.Environment["BAZAAR_AZURITE_LOG"] = logFile;
        return info;
    }

    private static string Said(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Trim();
        }
    }

    private static string Tail(string logFile)
    {
        try
        {
            var text = File.ReadAllText(logFile).Trim();
            return text.Length <= 4096 ? text : text[^4096..];
        }
        catch (IOException)
        {
            return string.Empty;
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
