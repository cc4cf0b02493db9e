using System.Formats.Tar;

namespace Bazaar.Products;

/// <summary>
/// Extracts a directory product's tar into a new folder, refusing anything that would write outside it
/// (absolute paths, <c>..</c>, links leading out, writing through a link), entries Bazaar does not
/// extract (devices, FIFOs, sparse files), and archives past the size or entry-count limits.
/// Refusals throw <see cref="UnsafeArchiveException"/> naming the product.
/// </summary>
/// <param name="productName">The product, for messages.</param>
/// <param name="maxBytes">How many content bytes the archive may expand to.</param>
/// <param name="maxEntries">How many entries the archive may hold.</param>
public sealed class SafeTarExtractor(string productName, long maxBytes, long maxEntries)
{
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100; // 0644
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Gets the file system extraction writes to; the machine's own unless a test stands in another.</summary>
    internal IExtractionFileSystem FileSystem { get; init; } = RealExtractionFileSystem.Instance;

    /// <summary>Extracts <paramref name="archive"/> into <paramref name="targetDirectory"/>, which is created and must be empty.</summary>
    /// <param name="archive">The tar, read up to its end-of-archive marker.</param>
    /// <param name="targetDirectory">The folder to extract into.</param>
    /// <param name="cancellationToken">Cancels extraction.</param>
    /// <returns>A task that completes when every entry is extracted.</returns>
    /// <exception cref="UnsafeArchiveException">The archive was refused; what was extracted stays in the target.</exception>
    public async Task ExtractAsync(Stream archive, string targetDirectory, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        this.FileSystem.CreateDirectory(root);
        if (Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new UnsafeArchiveException($"Cannot extract product '{productName}' into '{root}': the folder is not empty. Extract into a new folder.");
        }

        var realRoot = this.RealPath(root);
        var checkedFolders = new HashSet<string>(StringComparer.Ordinal);

        // Every link in the tree is one this extraction made (the target started empty), so a path
        // goes through a link exactly when one of its prefixes is in this set.
        var links = new HashSet<string>(StringComparer.Ordinal);
        long entries = 0;
        long bytes = 0;
        var reader = new TarReader(archive, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                if (++entries > maxEntries)
                {
                    throw new UnsafeArchiveException(
                        $"Product '{productName}' holds more than {maxEntries} entries, the limit (ProductStoreOptions.MaxEntries); extraction stopped. " +
                        "Raise the limit if the product is meant to be that large.");
                }

                var path = this.Resolve(root, entry.Name, entry.Name, links, out var relative);

                // The names are checked above; this checks where the file system really puts the entry. Where names
                // fold case, "A" is the link "a", and a path no name check flags can lead out of the target.
                // A folder once checked stays as it is: whatever is there now, a later entry cannot replace it.
                if (checkedFolders.Add(Path.GetDirectoryName(path)!))
                {
                    this.EnsureInside(realRoot, Path.GetDirectoryName(path)!, entry.Name);
                }
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        this.FileSystem.CreateDirectory(path);
                        break;

                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        bytes = this.Account(bytes, entry.Length, entry.Name);
                        await this.WriteFileAsync(path, entry, cancellationToken).ConfigureAwait(false);
                        break;

                    case TarEntryType.SymbolicLink:
                        var target = ArchivePath.NormalizeLinkTarget(relative, entry.LinkName) ?? throw this.Refuse(
                            entry.Name, $"is a symbolic link to '{entry.LinkName}', outside the product");
                        this.FileSystem.CreateDirectory(Path.GetDirectoryName(path)!);
                        this.FileSystem.CreateSymbolicLink(path, target);
                        links.Add(relative);
                        break;

                    case TarEntryType.HardLink:
                        // .NET has no API to make a hard link; a copy of the file inside the target is equivalent here.
                        var source = this.Resolve(root, entry.LinkName, entry.Name, links, out var sourceRelative);
                        source = this.EnsureInside(realRoot, source, entry.Name);
                        if (links.Contains(sourceRelative) || this.FileSystem.FileLength(source) is not { } length)
                        {
                            throw this.Refuse(entry.Name, $"is a hard link to '{entry.LinkName}', which is not a file extracted before it");
                        }

                        // A hard link costs its target's size again: it is extracted as a copy.
                        bytes = this.Account(bytes, length, entry.Name);
                        this.FileSystem.CreateDirectory(Path.GetDirectoryName(path)!);
                        this.FileSystem.CopyFile(source, path);
                        break;

                    default:
                        throw this.Refuse(entry.Name, $"is a {entry.EntryType} entry; products hold only files, folders and links");
                }
            }
        }
    }

    private async Task WriteFileAsync(string path, TarEntry entry, CancellationToken cancellationToken)
    {
        this.FileSystem.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = this.FileSystem.CreateFile(path, (entry.Mode & AnyExecute) != 0 ? ExecutableMode : FileMode);
        await using (file.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private long Account(long bytes, long more, string name)
    {
        if (more > maxBytes - bytes)
        {
            throw new UnsafeArchiveException(
                $"Product '{productName}' expands to more than {maxBytes} bytes, the limit (ProductStoreOptions.MaxExtractedBytes), at entry '{name}' ({more} bytes); extraction stopped. " +
                "Raise the limit if the product is meant to be that large.");
        }

        return bytes + more;
    }

    /// <summary>Maps an archive path to a path under the root, refusing anything that would leave it.</summary>
    private string Resolve(string root, string name, string entryName, HashSet<string> links, out string relative)
    {
        var reason = ArchivePath.TrySplit(name, out var segments);
        if (reason is not null)
        {
            throw this.Refuse(entryName, name == entryName ? $"has {reason}" : $"links to '{name}', which has {reason}");
        }

        relative = string.Join('/', segments);
        for (var i = 1; i <= segments.Count; i++)
        {
            var prefix = i == segments.Count ? relative : string.Join('/', segments.Take(i));
            if (links.Contains(prefix) && (i < segments.Count || name == entryName))
            {
                throw this.Refuse(entryName, $"would be written through the symbolic link '{prefix}'");
            }
        }

        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw this.Refuse(entryName, "would be written outside the target folder");
        }

        return full;
    }

    /// <summary>Resolves every link on <paramref name="path"/> and refuses it unless it stays in the target.</summary>
    /// <returns>The path with its links resolved.</returns>
    private string EnsureInside(string realRoot, string path, string entryName)
    {
        var real = this.RealPath(path);
        return real == realRoot || real.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? real
            : throw this.Refuse(entryName, $"would be written outside the target folder: a folder on its path resolves to '{real}'");
    }

    /// <summary>
    /// The path with every symbolic link on it resolved, one component at a time as the file system resolves
    /// them (a missing component is kept as it is); <c>realpath</c>, through <see cref="FileSystem"/>.
    /// </summary>
    private string RealPath(string path, int hops = 0)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (this.FileSystem.LinkTarget(next) is { } target)
            {
                // 40 is Linux's own limit on links followed in one lookup (ELOOP).
                next = ++hops > 40
                    ? throw new UnsafeArchiveException($"Refused to extract product '{productName}': '{path}' goes through more than 40 symbolic links. The archive was not made by Bazaar.")
                    : this.RealPath(Path.Combine(current, target), hops);
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }

    private UnsafeArchiveException Refuse(string entryName, string why) => new(
        $"Refused to extract product '{productName}': its entry '{entryName}' {why}. Nothing outside the target was written; " +
        "the archive was not made by Bazaar or was tampered with.");
}
