using System.Runtime.InteropServices;

namespace Bazaar.Hosting;

/// <summary>
/// Signals and liveness of processes by id, on Linux and macOS. .NET can only SIGKILL a process;
/// stopping one gracefully needs <c>kill(2)</c> with another signal.
/// </summary>
internal static class PosixProcesses
{
    /// <summary>Interrupt (Ctrl+C).</summary>
    public const int SigInt = 2;

    /// <summary>Kill: cannot be caught.</summary>
    public const int SigKill = 9;

    /// <summary>Terminate: the polite request to stop.</summary>
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to the process <paramref name="pid"/>.</summary>
    /// <returns><see langword="false"/> when there is no such process (or it is not ours to signal).</returns>
    public static bool Signal(int pid, int signal) => pid > 0 && NativeKill(pid, signal) == 0;

    /// <summary>Tells whether the process runs: it exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0 || NativeKill(pid, 0) != 0)
        {
            return false;
        }

        // /proc/<pid>/stat: "pid (comm) S ...", where S is the state; comm may hold spaces or ')'.
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end < 0 || end + 2 >= stat.Length || stat[end + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return !OperatingSystem.IsLinux();
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Gets the command line of a process (its arguments joined by spaces), or an empty string.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code in the whole
    // assembly, and two ints need no marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeKill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
