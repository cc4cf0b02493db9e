using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace Bazaar.Remotes.Process;

/// <summary>
/// Finds every process a step started, including ones that left its process tree (<c>cmd &amp;</c>
/// from a shell that then exits, <c>setsid</c>, daemons): each step gets a unique value in
/// <see cref="VariableName"/>, which children inherit, and <c>/proc/*/environ</c> shows who carries it.
/// Jenkins' ProcessTreeKiller finds a build's processes the same way. Linux only; elsewhere it finds none.
/// </summary>
internal sealed class ProcessTreeMarker
{
    /// <summary>The environment variable that marks a step's processes.</summary>
    public const string VariableName = "BAZAAR_PROCESS_TREE";

    private readonly byte[] needle;

    /// <summary>Initializes a new instance of the <see cref="ProcessTreeMarker"/> class with a fresh value.</summary>
    public ProcessTreeMarker()
    {
        this.Value = Guid.NewGuid().ToString("N");
        this.needle = Encoding.ASCII.GetBytes($"{VariableName}={this.Value}");
    }

    /// <summary>Gets the marker's value.</summary>
    public string Value { get; }

    /// <summary>Kills every live process carrying this marker, except this one.</summary>
    /// <returns>How many were killed.</returns>
    public int KillAll()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var killed = new HashSet<int>();
        var self = Environment.ProcessId;

        // Twice when the first pass found some: one may fork while the pass runs, and its child carries
        // the marker too. A pass that finds none leaves no one to fork, and the usual case (a step that
        // left nothing behind) reads every process's environment once, not twice, after each step.
        for (var pass = 0; pass < 2; pass++)
        {
            var found = false;
            foreach (var pid in this.FindAll())
            {
                if (pid == self)
                {
                    continue;
                }

                found = true;
                if (TryKill(pid))
                {
                    killed.Add(pid);
                }
            }

            if (!found)
            {
                break;
            }
        }

        return killed.Count;
    }

    private IEnumerable<int> FindAll()
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && this.Carries(entry))
            {
                yield return pid;
            }
        }
    }

    private bool Carries(string procEntry)
    {
        try
        {
            var environ = File.ReadAllBytes(Path.Combine(procEntry, "environ")).AsSpan();
            while (!environ.IsEmpty)
            {
                var end = environ.IndexOf((byte)0);
                var variable = end < 0 ? environ : environ[..end];
                if (variable.SequenceEqual(this.needle))
                {
                    return true;
                }

                environ = end < 0 ? [] : environ[(end + 1)..];
            }
        }
        catch (IOException)
        {
            // Gone already, or a kernel thread.
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's process: not one of ours.
        }

        return false;
    }

    private static bool TryKill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (ArgumentException)
        {
            return false; // exited meanwhile
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
