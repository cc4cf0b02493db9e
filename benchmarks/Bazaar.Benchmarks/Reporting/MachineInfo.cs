using System.Diagnostics;
using System.Runtime.InteropServices;
using Bazaar.Hosting;

namespace Bazaar.Benchmarks.Reporting;

/// <summary>The machine a run was measured on.</summary>
internal sealed record MachineInfo(int Cores, string Memory, string Os, string Runtime, string Storage)
{
    public static async Task<MachineInfo> DescribeAsync(bool externalStorage, bool azuriteOnDisk, bool processPerService)
    {
        return new MachineInfo(
            Environment.ProcessorCount,
            MemoryTotal(),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            externalStorage ? "BAZAAR_STORAGE (external account)" : $"Azurite {await AzuriteVersionAsync()} ({(azuriteOnDisk ? "on disk" : "in-memory persistence")}, {(processPerService ? "a process per service" : "one process")})");
    }

    private static string MemoryTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return kib == 0 ? "unknown" : $"{kib / 1024.0 / 1024.0:0.0} GiB";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static async Task<string> AzuriteVersionAsync()
    {
        if (AzuriteProcess.FindExecutable() is not { } azurite)
        {
            return "(version unknown)";
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(azurite, "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(version unknown)";
        }
    }
}
