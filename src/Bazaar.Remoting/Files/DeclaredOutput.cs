namespace Bazaar.Files;

/// <summary>
/// Finds a step's declared output in its workspace by walking the path one folder at a time from the
/// workspace's root, following no symbolic link on the way: a link anywhere on the path could lead to
/// any file on the host (<c>ln -s /proc/self/environ out</c>), and a FIFO or device is not content.
/// </summary>
public static class DeclaredOutput
{
    private const string Rule = "Bazaar collects only regular files and directories and does not follow links";

    /// <summary>Locates output <paramref name="name"/> at <paramref name="path"/> under <paramref name="root"/>.</summary>
    /// <param name="root">The workspace's full path.</param>
    /// <param name="name">The output's name, for messages.</param>
    /// <param name="path">The declared path, relative, '/'-separated.</param>
    /// <returns>The full path and its kind (a regular file or a directory), or <see langword="null"/> when nothing is there.</returns>
    /// <exception cref="UnsafeOutputException">A link is on the path, or the output is a FIFO, socket or device.</exception>
    public static (string FullPath, FileKind Kind)? Locate(string root, string name, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Count == 0 || segments.Contains(".."))
        {
            return null;
        }

        var current = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        for (var i = 0; i < segments.Count; i++)
        {
            current = Path.Combine(current, segments[i]);
            var kind = SafeFiles.KindOf(current);
            var last = i == segments.Count - 1;
            if (kind == FileKind.Missing)
            {
                return null;
            }

            if (!last)
            {
                if (kind == FileKind.SymbolicLink)
                {
                    throw new UnsafeOutputException(
                        $"Output '{name}' (path {path}) lies under {string.Join('/', segments.Take(i + 1))}, {SafeFiles.Describe(kind, current)}; {Rule}. " +
                        "Make the step write its outputs in real folders of its workspace.");
                }

                if (kind != FileKind.Directory)
                {
                    return null; // a file where a folder should be: nothing is at the declared path
                }

                continue;
            }

            return kind is FileKind.RegularFile or FileKind.Directory
                ? (current, kind)
                : throw new UnsafeOutputException(
                    $"Output '{name}' (path {path}) is {SafeFiles.Describe(kind, current)}; {Rule}. Make the step write a regular file or folder there.");
        }

        return null;
    }
}
