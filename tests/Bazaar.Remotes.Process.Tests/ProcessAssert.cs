using System.Globalization;

namespace Bazaar.Remotes.Process.Tests;

/// <summary>Assertions about processes on this machine, through /proc.</summary>
internal static class ProcessAssert
{
    /// <summary>Reads a PID a step wrote to a file.</summary>
    public static int ReadPid(string path) => int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Gets a value indicating whether the process is alive: it exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The state follows the parenthesised command name, which may itself hold spaces or ')'.
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits briefly for a killed process to disappear (reaping is asynchronous), then asserts it is gone.</summary>
    public static async Task GoneAsync(int pid, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }

        Assert.False(IsAlive(pid), $"process {pid} is still running");
    }

    /// <summary>Kills a process a test left behind on purpose.</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
        }
    }
}
