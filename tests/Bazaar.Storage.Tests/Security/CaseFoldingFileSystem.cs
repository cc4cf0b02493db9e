using Bazaar.Products;

namespace Bazaar.Storage.Tests.Security;

/// <summary>
/// The real file system under <paramref name="sandbox"/>, made to fold case as macOS's and Windows' do:
/// every name (and link target) below the sandbox is lower-cased before the real call, so <c>X</c> and
/// <c>x</c> are one file.
/// </summary>
internal sealed class CaseFoldingFileSystem(string sandbox) : IExtractionFileSystem
{
    private readonly RealExtractionFileSystem real = RealExtractionFileSystem.Instance;

    public void CreateDirectory(string path) => this.real.CreateDirectory(this.Fold(path));

    public void CreateSymbolicLink(string path, string target) => this.real.CreateSymbolicLink(this.Fold(path), target.ToLowerInvariant());

    public Stream CreateFile(string path, UnixFileMode mode) => this.real.CreateFile(this.Fold(path), mode);

    public void CopyFile(string source, string destination) => this.real.CopyFile(this.Fold(source), this.Fold(destination));

    public long? FileLength(string path) => this.real.FileLength(this.Fold(path));

    public string? LinkTarget(string path) => this.real.LinkTarget(this.Fold(path));

    private string Fold(string path) =>
        path.StartsWith(sandbox + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? sandbox + path[sandbox.Length..].ToLowerInvariant()
            : path;
}
