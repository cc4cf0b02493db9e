using System.Formats.Tar;
using Bazaar.Files;

namespace Bazaar.Products;

/// <summary>
/// Writes a directory as a GNU-format tar that depends only on the content: entries sorted
/// ordinally by path, times at the Unix epoch, owners 0 and unnamed, modes normalised (0644, or 0755
/// for folders and executable files), symbolic links kept only when they point inside the directory,
/// no hard links. A FIFO, socket or device inside is refused, and no link is followed while reading. The same content always gives the same bytes, hence the same digest.
/// </summary>
internal static class ReproducibleTar
{
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100; // 0644
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode LinkMode = (UnixFileMode)0b111_111_111; // 0777, as Linux reports every link
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    private enum Kind : byte
    {
        File,
        Directory,
        Link,
    }

    /// <summary>Writes <paramref name="directory"/> as a reproducible tar to <paramref name="destination"/>.</summary>
    /// <param name="directory">The folder; its own name is not part of the archive.</param>
    /// <param name="destination">Where the tar goes; left open.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>A task that completes when the whole archive is written.</returns>
    /// <exception cref="BazaarException">A symbolic link points outside the folder.</exception>
    /// <exception cref="UnsafeOutputException">The folder is a link, or holds a FIFO, socket or device.</exception>
    public static async Task WriteAsync(string directory, Stream destination, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (SafeFiles.KindOf(root) is var rootKind and not FileKind.Directory)
        {
            throw new UnsafeOutputException(
                $"'{root}' is {SafeFiles.Describe(rootKind, root)}, not a folder; Bazaar collects only regular files and directories and does not follow links.");
        }

        var entries = new List<(string Path, Kind Kind)>();
        Collect(root, new DirectoryInfo(root), string.Empty, entries);
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));

        var writer = new TarWriter(destination, TarEntryFormat.Gnu, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var (path, kind) in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var full = Path.Combine(root, path);
                switch (kind)
                {
                    case Kind.Directory:
                        await writer.WriteEntryAsync(Entry(TarEntryType.Directory, path + "/", ExecutableMode), cancellationToken).ConfigureAwait(false);
                        break;
                    case Kind.Link:
                        var link = Entry(TarEntryType.SymbolicLink, path, LinkMode);
                        link.LinkName = LinkTarget(root, path, full);
                        await writer.WriteEntryAsync(link, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await WriteFileAsync(writer, path, new FileInfo(full), cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
    }

    private static async Task WriteFileAsync(TarWriter writer, string path, FileInfo file, CancellationToken cancellationToken)
    {
        var mode = !OperatingSystem.IsWindows() && (file.UnixFileMode & AnyExecute) != 0 ? ExecutableMode : FileMode;
        var entry = Entry(TarEntryType.RegularFile, path, mode);

        // An empty file is never opened: where the native calls are missing (not Linux), a FIFO, socket or
        // device, which .NET cannot tell from an empty file, reports length 0 too, and opening a FIFO would block.
        if (file.Length == 0)
        {
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Opened without following a link, and checked to be a regular file once open: it may have been swapped since Collect.
        var content = SafeFiles.OpenRegularFile(file.FullName);
        await using (content.ConfigureAwait(false))
        {
            entry.DataStream = content;
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    // GNU, not PAX: .NET names each PAX extended header "PaxHeaders.<process id>", so the same
    // tree would get a different digest in every process. GNU long-name entries have fixed names,
    // and every time field is set explicitly.
    private static GnuTarEntry Entry(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        ModificationTime = DateTimeOffset.UnixEpoch,
        AccessTime = DateTimeOffset.UnixEpoch,
        ChangeTime = DateTimeOffset.UnixEpoch,
        Mode = mode,
        Uid = 0,
        Gid = 0,
        UserName = string.Empty,
        GroupName = string.Empty,
    };

    private static void Collect(string root, DirectoryInfo folder, string prefix, List<(string Path, Kind Kind)> entries)
    {
        foreach (var info in folder.EnumerateFileSystemInfos("*", OneLevel))
        {
            var path = prefix.Length == 0 ? info.Name : prefix + "/" + info.Name;
            if (info.LinkTarget is not null)
            {
                entries.Add((path, Kind.Link));
            }
            else if (info is DirectoryInfo sub)
            {
                entries.Add((path, Kind.Directory));
                Collect(root, sub, path, entries);
            }
            else if (SafeFiles.KindOf(info.FullName) is var kind and not FileKind.RegularFile)
            {
                throw new UnsafeOutputException(
                    $"'{path}' in the folder '{root}' is {SafeFiles.Describe(kind, info.FullName)}; a directory product holds only regular files, " +
                    "folders and links that stay inside it. Make the step remove it, or write a regular file instead.");
            }
            else
            {
                entries.Add((path, Kind.File));
            }
        }
    }

    private static string LinkTarget(string root, string path, string full)
    {
        var target = new FileInfo(full).LinkTarget!;
        if (Path.IsPathRooted(target))
        {
            // An absolute target inside the folder is kept, as the relative path it amounts to.
            var absolute = Path.GetFullPath(target);
            var relative = Path.GetRelativePath(root, absolute);
            target = relative == "." || !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
                ? string.Concat(Enumerable.Repeat("../", path.Count(c => c == '/'))) + relative.Replace(Path.DirectorySeparatorChar, '/')
                : target;
        }

        return ArchivePath.NormalizeLinkTarget(path, target.Replace(Path.DirectorySeparatorChar, '/'))
            ?? throw new BazaarException(
                $"The symbolic link '{path}' in '{root}' points to '{new FileInfo(full).LinkTarget}', outside the folder. " +
                "A directory product may only hold links to files and folders inside it: copy the target in, or remove the link.");
    }
}
