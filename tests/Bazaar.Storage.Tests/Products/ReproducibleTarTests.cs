using System.Runtime.Versioning;
using System.Formats.Tar;
using Bazaar.Products;
using Bazaar.Testing;
using CsCheck;

namespace Bazaar.Storage.Tests.Products;

[UnsupportedOSPlatform("windows")] // Unix modes and symbolic links are part of what is tested.
public sealed class ReproducibleTarTests
{
    private static readonly Gen<string> Name = Gen.Char["abAB09._-"].Array[1, 6].Select(c => new string(c)).Where(n => n is not "." and not "..");

    private static readonly Gen<int> Size = Gen.Int[0, 3].SelectMany(k => k == 0 ? Gen.Const(0) : Gen.Int[1, 70_000]);

    // Each item is a path, and either a folder or a file of some size, seed and executable bit.
    private static readonly Gen<(string[] Path, bool Folder, int Size, int Seed, bool Executable)[]> Tree =
        Gen.Select(Name.Array[1, 4], Gen.Int[0, 4].Select(k => k == 0), Size, Gen.Int, Gen.Bool).Array[0, 30];

    [Fact]
    public async Task WriteAsync_KnownTree_HasTheSameDigestInEveryProcess()
    {
        // A digest computed in another process (and on another day): the tar must depend on the
        // content only — not on the clock, the process id or the folder it was read from.
        using var temp = new TempDirectory();
        temp.Write("tree/a.txt", "alpha");
        temp.Write("tree/nested/b.txt", "beta");
        temp.Write("tree/" + new string('n', 120) + "/long.txt", "a name too long for a plain ustar header");
        using var tar = new MemoryStream();

        await ReproducibleTar.WriteAsync(temp["tree"], tar, TestTimeout.Token());

        Assert.Equal(
            "b6c935b441896bf51e5231e75fdbdab4abad5f048d83e66ee5e9539effd7445e",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(tar.ToArray())));
    }

    [Fact]
    public async Task WriteAsync_RandomTrees_RoundTripThroughTheExtractorIdenticallyAndReproducibly()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        await Tree.SampleAsync(
            async items =>
            {
                using var temp = new TempDirectory();
                Build(temp["src"], items);
                using var first = new MemoryStream();
                await ReproducibleTar.WriteAsync(temp["src"], first, ct);
                Touch(temp["src"]);
                using var second = new MemoryStream();
                await ReproducibleTar.WriteAsync(temp["src"], second, ct);
                first.Position = 0;
                await new SafeTarExtractor("tree", long.MaxValue, long.MaxValue).ExtractAsync(first, temp["out"], ct);

                Assert.Equal(first.ToArray(), second.ToArray());
                Assert.Equal(TreeSnapshot.Of(temp["src"]), TreeSnapshot.Of(temp["out"]));
            },
            iter: 60,
            threads: 1);
    }

    [Fact]
    public async Task WriteAsync_AnyTree_WritesSortedEntriesWithZeroedTimesOwnersAndNormalizedModes()
    {
        var ct = TestTimeout.Token();
        using var temp = new TempDirectory();
        temp.Write("d/b.txt", "b");
        temp.Write("d/a-b", "ab");
        temp.Write("d/a/z.sh", "#!/bin/sh");
        File.SetUnixFileMode(temp["d/a/z.sh"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(temp["d/b.txt"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        Directory.CreateDirectory(temp["d/empty"]);
        using var tar = new MemoryStream();

        await ReproducibleTar.WriteAsync(temp["d"], tar, ct);
        tar.Position = 0;
        var entries = new List<TarEntry>();
        using (var reader = new TarReader(tar))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                entries.Add(entry);
            }
        }

        Assert.Equal(["a/", "a-b", "a/z.sh", "b.txt", "empty/"], entries.Select(e => e.Name));
        Assert.All(entries, e =>
        {
            Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime);
            Assert.Equal(0, e.Uid);
            Assert.Equal(0, e.Gid);
            Assert.Equal(string.Empty, ((PosixTarEntry)e).UserName);
            Assert.Equal(string.Empty, ((PosixTarEntry)e).GroupName);
            Assert.Equal(TarEntryFormat.Gnu, e.Format);
        });
        Assert.Equal(
            new[] { 0b111_101_101, 0b110_100_100, 0b111_101_101, 0b110_100_100, 0b111_101_101 },
            entries.Select(e => (int)e.Mode));
    }

    [Fact]
    public async Task WriteAsync_LinkInsideTheFolder_IsStoredAsARelativeLink()
    {
        var ct = TestTimeout.Token();
        using var temp = new TempDirectory();
        temp.Write("d/sub/target.txt", "t");
        File.CreateSymbolicLink(temp["d/sub/rel"], "../sub/./target.txt");
        File.CreateSymbolicLink(temp["d/abs"], temp["d/sub/target.txt"]);
        Directory.CreateSymbolicLink(temp["d/sub/up"], "..");
        using var tar = new MemoryStream();

        await ReproducibleTar.WriteAsync(temp["d"], tar, ct);
        tar.Position = 0;
        var links = new Dictionary<string, string>();
        using (var reader = new TarReader(tar))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType == TarEntryType.SymbolicLink)
                {
                    links[entry.Name] = entry.LinkName;
                }
            }
        }

        Assert.Equal("target.txt", links["sub/rel"]);
        Assert.Equal("sub/target.txt", links["abs"]);
        Assert.Equal("..", links["sub/up"]);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../outside.txt")]
    public async Task WriteAsync_LinkOutsideTheFolder_ThrowsNamingTheLink(string target)
    {
        var ct = TestTimeout.Token();
        using var temp = new TempDirectory();
        temp.Write("outside.txt", "secret");
        temp.Write("d/sub/x.txt", "x");
        File.CreateSymbolicLink(temp["d/escape"], target);

        var error = await Assert.ThrowsAsync<BazaarException>(() => ReproducibleTar.WriteAsync(temp["d"], Stream.Null, ct));

        Assert.Contains("'escape'", error.Message);
        Assert.Contains("outside the folder", error.Message);
    }

    private static void Build(string root, (string[] Path, bool Folder, int Size, int Seed, bool Executable)[] items)
    {
        Directory.CreateDirectory(root);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (segments, folder, size, seed, executable) in items)
        {
            var path = string.Join('/', segments);
            var prefixes = Enumerable.Range(1, segments.Length - 1).Select(i => string.Join('/', segments.Take(i))).ToList();
            if (files.Contains(path) || folders.Contains(path) || prefixes.Any(files.Contains))
            {
                continue;
            }

            folders.UnionWith(prefixes);
            var full = Path.Combine(root, path);
            if (folder)
            {
                folders.Add(path);
                Directory.CreateDirectory(full);
                continue;
            }

            files.Add(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = new byte[size];
            var state = (uint)seed;
            for (var i = 0; i < bytes.Length; i++)
            {
                state = (state * 1_664_525) + 1_013_904_223;
                bytes[i] = (byte)(state >> 24);
            }

            File.WriteAllBytes(full, bytes);
            if (executable)
            {
                File.SetUnixFileMode(full, File.GetUnixFileMode(full) | UnixFileMode.UserExecute);
            }
        }
    }

    private static void Touch(string root)
    {
        var when = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(path, when);
        }
    }
}
