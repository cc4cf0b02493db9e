namespace Bazaar.Products;

/// <summary>
/// The file-system calls <see cref="SafeTarExtractor"/> makes, so a test can stand in a file system that
/// behaves differently from the one it runs on (one that folds case, as macOS's and Windows' do).
/// </summary>
internal interface IExtractionFileSystem
{
    /// <summary>Creates a folder and its missing parents; nothing happens when it exists (or a link to a folder is there).</summary>
    /// <param name="path">The folder.</param>
    void CreateDirectory(string path);

    /// <summary>Creates a symbolic link.</summary>
    /// <param name="path">The link.</param>
    /// <param name="target">What it points to, as stored.</param>
    void CreateSymbolicLink(string path, string target);

    /// <summary>Creates a new file for writing; fails when anything, a link included, is there.</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">Its permissions, where the platform has them.</param>
    /// <returns>The stream.</returns>
    Stream CreateFile(string path, UnixFileMode mode);

    /// <summary>Copies a file to a new one.</summary>
    /// <param name="source">The file copied.</param>
    /// <param name="destination">The new file.</param>
    void CopyFile(string source, string destination);

    /// <summary>Gets the length of a regular file, or <see langword="null"/> when there is none (a link is not one).</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its length.</returns>
    long? FileLength(string path);

    /// <summary>Gets a symbolic link's target as stored, or <see langword="null"/> when <paramref name="path"/> is not a link.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The target.</returns>
    string? LinkTarget(string path);
}
