using System.Runtime.Versioning;
using System.Formats.Tar;
using Bazaar.Products;
using Bazaar.Testing;
using static Bazaar.Storage.Tests.Products.TestArchives;

namespace Bazaar.Storage.Tests.Products;

[UnsupportedOSPlatform("windows")] // Unix modes and symbolic links are part of what is tested.
public sealed class SafeTarExtractorTests
{
    [Theory]
    [InlineData("../evil.txt", "'..'")]
    [InlineData("ok/../../evil.txt", "'..'")]
    [InlineData("/tmp/bazaar-absolute-evil.txt", "absolute path")]
    public async Task ExtractAsync_EntryLeavingTheTarget_IsRefused(string name, string reason)
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => w.WriteEntry(File(name, "evil")));

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"]));

        Assert.Contains(reason, error.Message);
        Assert.Contains("'hostile'", error.Message);
        AssertNothingOutside(temp);
        Assert.False(System.IO.File.Exists("/tmp/bazaar-absolute-evil.txt"));
    }

    [Fact]
    public async Task ExtractAsync_SymlinkToEtcThenAFileThroughIt_IsRefused()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "etc") { LinkName = "/etc" });
            w.WriteEntry(File("etc/bazaar-evil", "evil"));
        });

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"]));

        Assert.Contains("symbolic link to '/etc', outside the product", error.Message);
        Assert.False(System.IO.File.Exists("/etc/bazaar-evil"));
        AssertNothingOutside(temp);
    }

    [Fact]
    public async Task ExtractAsync_FileThroughAnInsideSymlinkToAnOutsideOne_IsRefused()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "real/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "inside") { LinkName = "real" });
            w.WriteEntry(File("inside/x.txt", "through a link"));
        });

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"]));

        Assert.Contains("written through the symbolic link 'inside'", error.Message);
        Assert.False(System.IO.File.Exists(temp["target/real/x.txt"]));
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("a/../../..")]
    public async Task ExtractAsync_RelativeSymlinkOutside_IsRefused(string target)
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "sub/link") { LinkName = target }));

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"]));

        Assert.Contains("outside the product", error.Message);
    }

    [Fact]
    public async Task ExtractAsync_SymlinkWithDotDotThroughAnotherLink_IsCreatedInNormalForm()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "f") { LinkName = "d/e/../../x" });
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "d/e") { LinkName = ".." });
        });

        await Extract(archive, temp["target"]);

        // Created as "x", the link cannot go through d/e and up out of the target later.
        Assert.Equal("x", new FileInfo(temp["target/f"]).LinkTarget);
    }

    [Fact]
    public async Task ExtractAsync_HardlinkOutside_IsRefused()
    {
        using var temp = new TempDirectory();
        temp.Write("secret.txt", "secret");
        var archive = Archive(w => w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "stolen") { LinkName = "../secret.txt" }));

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"]));

        Assert.Contains("links to '../secret.txt'", error.Message);
        Assert.False(System.IO.File.Exists(temp["target/stolen"]));
    }

    [Fact]
    public async Task ExtractAsync_HardlinkInside_BecomesACopy()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            w.WriteEntry(File("a.txt", "content"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "b.txt") { LinkName = "a.txt" });
        });

        await Extract(archive, temp["target"]);

        Assert.Equal("content", System.IO.File.ReadAllText(temp["target/b.txt"]));
    }

    [Theory]
    [InlineData(TarEntryType.Fifo)]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    public async Task ExtractAsync_DeviceOrFifo_IsRefused(TarEntryType type)
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => w.WriteEntry(new PaxTarEntry(type, "dev")));

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"]));

        Assert.Contains($"is a {type} entry", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp["target"]));
    }

    [Fact]
    public async Task ExtractAsync_MoreEntriesThanTheLimit_IsRefusedNamingTheLimit()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            for (var i = 0; i < 101; i++)
            {
                w.WriteEntry(File($"f{i}", string.Empty));
            }
        });

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"], maxEntries: 100));

        Assert.Contains("more than 100 entries", error.Message);
        Assert.Contains("MaxEntries", error.Message);
        Assert.Equal(100, Directory.EnumerateFiles(temp["target"]).Count());
    }

    [Fact]
    public async Task ExtractAsync_EntryLargerThanTheLimit_IsRefusedBeforeWriting()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bomb") { DataStream = new MemoryStream(new byte[1 << 20]) }));

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"], maxBytes: 64 * 1024));

        Assert.Contains("more than 65536 bytes", error.Message);
        Assert.Contains("MaxExtractedBytes", error.Message);
        Assert.Contains("'bomb'", error.Message);
        Assert.False(System.IO.File.Exists(temp["target/bomb"]));
    }

    [Fact]
    public async Task ExtractAsync_ManySmallEntriesPastTheSizeLimit_IsRefused()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            for (var i = 0; i < 10; i++)
            {
                w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"f{i}") { DataStream = new MemoryStream(new byte[1000]) });
            }
        });

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(archive, temp["target"], maxBytes: 5500));

        Assert.Contains("'f5'", error.Message);
    }

    [Fact]
    public async Task ExtractAsync_TargetNotEmpty_IsRefused()
    {
        using var temp = new TempDirectory();
        temp.Write("target/existing.txt", "x");

        var error = await Assert.ThrowsAsync<UnsafeArchiveException>(() => Extract(Archive(w => w.WriteEntry(File("a", "a"))), temp["target"]));

        Assert.Contains("not empty", error.Message);
    }

    private static Task Extract(Stream archive, string target, long maxBytes = long.MaxValue, long maxEntries = long.MaxValue) =>
        new SafeTarExtractor("hostile", maxBytes, maxEntries).ExtractAsync(archive, target, TestTimeout.Token());

    private static void AssertNothingOutside(TempDirectory temp) =>
        Assert.Equal([temp["target"]], Directory.EnumerateFileSystemEntries(temp.Path));
}
