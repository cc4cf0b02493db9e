namespace Bazaar.Products;

/// <summary>The machine's own file system, as <see cref="SafeTarExtractor"/> uses it.</summary>
internal sealed class RealExtractionFileSystem : IExtractionFileSystem
{
    private RealExtractionFileSystem()
    {
    }

    /// <summary>Gets the one instance.</summary>
    public static RealExtractionFileSystem Instance { get; } = new();

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void CreateSymbolicLink(string path, string target) => File.CreateSymbolicLink(path, target);

    public Stream CreateFile(string path, UnixFileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        return new FileStream(path, options);
    }

    public void CopyFile(string source, string destination) => File.Copy(source, destination, overwrite: false);

    public long? FileLength(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null ? file.Length : null;
    }

    public string? LinkTarget(string path) => new FileInfo(path).LinkTarget;
}
