using Microsoft.Win32.SafeHandles;

namespace Bazaar.Files;

/// <summary>
/// Looks at and opens files a step left behind without trusting them: nothing follows a symbolic link,
/// and a FIFO, socket or device is never opened (a FIFO would block, a device would read the host).
/// </summary>
public static class SafeFiles
{
    /// <summary>Says what <paramref name="path"/> names, without following a link at its end.</summary>
    /// <param name="path">The path.</param>
    /// <returns>Its kind. Without the native calls, anything neither a link nor a folder counts as a regular file.</returns>
    public static FileKind KindOf(string path)
    {
        if (NativeFiles.IsAvailable)
        {
            return NativeFiles.LStat(path).Kind;
        }

        var info = new FileInfo(path);
        return !info.Exists && !Directory.Exists(path) && info.LinkTarget is null ? FileKind.Missing
            : info.LinkTarget is not null ? FileKind.SymbolicLink
            : info.Attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory
            : FileKind.RegularFile;
    }

    /// <summary>Describes what is at <paramref name="path"/> for a message: "a symbolic link to /etc", "a FIFO (named pipe)".</summary>
    /// <param name="kind">What it is.</param>
    /// <param name="path">The path, to read a link's target.</param>
    /// <returns>The description.</returns>
    public static string Describe(FileKind kind, string path) => kind switch
    {
        FileKind.SymbolicLink => $"a symbolic link to {new FileInfo(path).LinkTarget}",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Directory => "a directory",
        FileKind.Missing => "missing",
        _ => "a regular file",
    };

    /// <summary>
    /// Opens a regular file for reading: a link at its end is refused by the open itself (<c>O_NOFOLLOW</c>),
    /// and the type is checked on what was opened, so a file swapped for a FIFO or device after it was
    /// looked at is refused too, without blocking.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The stream, positioned at the start.</returns>
    /// <exception cref="UnsafeOutputException">It is not a regular file.</exception>
    public static FileStream OpenRegularFile(string path)
    {
        if (!NativeFiles.IsAvailable)
        {
            var kind = KindOf(path);
            return kind == FileKind.RegularFile
                ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan)
                : throw NotRegular(path, kind);
        }

        var handle = NativeFiles.OpenNoFollow(path, out var error);
        if (handle is null)
        {
            // ELOOP: the last component is a link. Anything else (gone, no permission) is described as it is now.
            var kind = error == 40 ? FileKind.SymbolicLink : KindOf(path);
            throw kind is FileKind.RegularFile or FileKind.Missing
                ? new IOException($"Cannot open '{path}' (errno {error}).")
                : NotRegular(path, kind);
        }

        var opened = NativeFiles.KindOf(handle);
        if (opened != FileKind.RegularFile)
        {
            handle.Dispose();
            throw NotRegular(path, opened);
        }

        return new FileStream(handle, FileAccess.Read, 0, isAsync: false);
    }

    /// <summary>Gets the length of a file opened by <see cref="OpenRegularFile"/>.</summary>
    /// <param name="handle">The file's handle.</param>
    /// <returns>Its length in bytes.</returns>
    public static long Length(SafeFileHandle handle) => RandomAccess.GetLength(handle);

    private static UnsafeOutputException NotRegular(string path, FileKind kind) => new(
        $"'{path}' is {Describe(kind, path)}; Bazaar collects only regular files and directories and does not follow links. " +
        "Make the step write a regular file there.");
}
