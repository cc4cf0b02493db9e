using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bazaar.Hosting;

/// <content>How the emulator's process is started and what it said.</content>
public sealed partial class AzuriteProcess
{
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
        info.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >\"$BAZAAR_AZURITE_LOG\" 2>&1");
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
