using System.Globalization;

namespace Bazaar.Agent.Running;

/// <summary>
/// A process's descendants, read from <c>/proc</c>: .NET signals a whole tree only with SIGKILL, and a
/// step's shell may pass SIGTERM to no one. In a container the agent is PID 1, so what a step left
/// running after it exited (reparented to PID 1) is a descendant of the agent and is found here too.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Sends <paramref name="signal"/> to <paramref name="root"/> and every process below it, children first.</summary>
    public static void Signal(int root, int signal)
    {
        var below = Descendants(root);
        for (var i = below.Count - 1; i >= 0; i--)
        {
            NativeMethods.Signal(below[i], signal);
        }

        NativeMethods.Signal(root, signal);
    }

    /// <summary>Sends <paramref name="signal"/> to every process below <paramref name="root"/>, not to it.</summary>
    public static void SignalDescendants(int root, int signal)
    {
        foreach (var pid in Descendants(root))
        {
            NativeMethods.Signal(pid, signal);
        }
    }

    /// <summary>The processes below <paramref name="root"/>, parents before their children.</summary>
    public static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }

        foreach (var dir in entries)
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ParentOf(dir) is not { } parent)
            {
                continue;
            }

            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    private static int? ParentOf(string dir)
    {
        try
        {
            // "pid (comm) state ppid …": the name may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
        }
        catch (IOException)
        {
            return null; // gone since the listing
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
