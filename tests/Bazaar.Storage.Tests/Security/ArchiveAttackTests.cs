using System.Formats.Tar;
using System.Runtime.Versioning;
using Bazaar.Products;
using Bazaar.Testing;
using static Bazaar.Storage.Tests.Products.TestArchives;

namespace Bazaar.Storage.Tests.Security;

/// <summary>Archives built to escape their target or to expand past the limit, refused by <see cref="SafeTarExtractor"/>.</summary>
[UnsupportedOSPlatform("windows")] // symbolic links and Unix modes are part of the attacks
public sealed class ArchiveAttackTests
{
    [Fact]
    public async Task ExtractAsync_NamesThatDifferOnlyInCaseOnACaseInsensitiveFileSystem_CannotEscape()
    {
        using var temp = new TempDirectory();
        var target = temp["target"];

        // Every link points inside by the letter of its name. Folding case, though, "X" is the link "x" to the
        // root itself, so "X/a/up" lands one level higher than its name says, and its "../.." leads out.
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "x") { LinkName = "." });
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "X/a/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "X/a/up") { LinkName = "../.." });
            w.WriteEntry(File("X/A/UP/evil.txt", "escaped"));
        });
        var extractor = new SafeTarExtractor("hostile", long.MaxValue, long.MaxValue) { FileSystem = new CaseFoldingFileSystem(temp.Path) };

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => extractor.ExtractAsync(archive, target, TestTimeout.Token()));

        Assert.Contains("'X/A/UP/evil.txt'", error.Message);
        Assert.Contains("outside the target folder", error.Message);
        Assert.False(System.IO.File.Exists(temp["evil.txt"]));
        Assert.Equal([target], Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task ExtractAsync_HardLinkThroughACaseFoldedLinkToAnOutsideFile_IsRefused()
    {
        using var temp = new TempDirectory();
        temp.Write("secret.txt", "host secret");
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "x") { LinkName = "." });
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "X/a/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "X/a/up") { LinkName = "../.." });
            w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "stolen.txt") { LinkName = "X/A/UP/secret.txt" });
        });
        var extractor = new SafeTarExtractor("hostile", long.MaxValue, long.MaxValue) { FileSystem = new CaseFoldingFileSystem(temp.Path) };

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => extractor.ExtractAsync(archive, temp["target"], TestTimeout.Token()));

        Assert.Contains("'stolen.txt'", error.Message);
        Assert.False(System.IO.File.Exists(temp["target/stolen.txt"]));
    }

    [Fact]
    public async Task ExtractAsync_ManyHardLinksToOneLargeFile_StopsAtTheSizeLimit()
    {
        using var temp = new TempDirectory();

        // 1 MiB of content in the archive, and 64 hard links to it: 65 MiB once extracted as copies.
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "big") { DataStream = new MemoryStream(new byte[1 << 20]) });
            for (var i = 0; i < 64; i++)
            {
                w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, $"copy{i}") { LinkName = "big" });
            }
        });

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() =>
            new SafeTarExtractor("hostile", 8 << 20, long.MaxValue).ExtractAsync(archive, temp["target"], TestTimeout.Token()));

        Assert.Contains("expands to more than 8388608 bytes", error.Message);
        Assert.Contains("at entry 'copy7'", error.Message);
        Assert.True(Directory.EnumerateFiles(temp["target"]).Sum(f => new FileInfo(f).Length) <= 8 << 20);
    }
}
