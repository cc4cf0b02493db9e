using System.Diagnostics;
using System.Runtime.Versioning;
using Bazaar.Files;
using Bazaar.Graphs;
using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Security.Tests;

/// <summary>Workspaces and upload folders only this user can enter, and a per-user folder another user cannot plant.</summary>
[UnsupportedOSPlatform("windows")] // Unix modes and owners are what is tested
[Collection(AzuriteCollection.Name)]
public sealed class PrivateFolderTests(AzuriteFixture azurite)
{
    private const UnixFileMode Mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public void Ensure_PerUserFolderMissing_CreatesItAndTheFolderInsideWithMode0700()
    {
        using var temp = new TempDirectory();
        var root = PrivateFolder.PerUserRootIn(temp.Path);

        var work = PrivateFolder.Ensure(Path.Combine(root, "work"), root);

        Assert.Equal(Mode0700, File.GetUnixFileMode(root));
        Assert.Equal(Mode0700, File.GetUnixFileMode(work));
    }

    [Fact]
    public void Ensure_PerUserFolderCreatedFirstByAnotherUser_IsRefused()
    {
        using var temp = new TempDirectory();
        var root = PrivateFolder.PerUserRootIn(temp.Path);
        Directory.CreateDirectory(root, (UnixFileMode)0b111_111_111);
        Chown(root, 65534);

        var error = Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Ensure(Path.Combine(root, "work"), root));

        Assert.Contains($"'{root}': it is owned by uid 65534, not by this user", error.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "work")));
    }

    [Fact]
    public void Ensure_LinkInPlaceOfThePerUserFolder_IsRefusedAndNothingIsCreatedWhereItPoints()
    {
        using var temp = new TempDirectory();
        var elsewhere = Directory.CreateDirectory(temp["elsewhere"]).FullName;
        var root = PrivateFolder.PerUserRootIn(temp.Path);
        Directory.CreateSymbolicLink(root, elsewhere);

        var error = Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Ensure(Path.Combine(root, "work"), root));

        Assert.Contains($"it is a symbolic link to {elsewhere}, not a folder", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Fact]
    public void Ensure_PerUserFolderOpenToOthers_IsRefused()
    {
        using var temp = new TempDirectory();
        var root = PrivateFolder.PerUserRootIn(temp.Path);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111);

        var error = Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Ensure(root, root));

        Assert.Contains("its mode is 777: other users can write to it", error.Message);
    }

    [Fact]
    public void Ensure_WorkRootOwnedByAnotherUser_IsRefused()
    {
        using var temp = new TempDirectory();
        var work = Directory.CreateDirectory(temp["work"]).FullName;
        Chown(work, 65534);

        var error = Assert.Throws<UnsafeFolderException>(() => PrivateFolder.Ensure(work));

        Assert.Contains("owned by uid 65534", error.Message);
    }

    [Fact]
    public void DefaultWorkRootAndUploads_AreInThePerUserFolderUnderTheTemporaryFolder()
    {
        Assert.Equal(Path.Combine(Path.GetTempPath(), $"bazaar-{CurrentUid()}", "work"), new BazaarOptions().WorkRoot);

        var upload = PrivateFolder.CreateUnique(Path.Combine(PrivateFolder.PerUserRoot, "uploads"));
        try
        {
            Assert.StartsWith(PrivateFolder.PerUserRoot + "/uploads/", upload);
            Assert.Equal(Mode0700, File.GetUnixFileMode(upload));
            Assert.Equal(Mode0700, File.GetUnixFileMode(PrivateFolder.PerUserRoot));
        }
        finally
        {
            Directory.Delete(upload);
        }
    }

    [Fact]
    public async Task PrepareAsync_Workspace_IsMode0700InAPrivateWorkRoot()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        var workRoot = temp["work"];
        using var workspace = new LocalStepWorkspace(store, store, store, "run1", new StepDefinition { Name = "s" }, 1, Path.Combine(workRoot, "run1", "s", "1"), keep: false)
        {
            WorkRoot = workRoot,
        };

        var path = await workspace.PrepareAsync(ct);

        Assert.Equal(Mode0700, File.GetUnixFileMode(workRoot));
        Assert.Equal(Mode0700, File.GetUnixFileMode(Path.Combine(workRoot, "run1")));
        Assert.Equal(Mode0700, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task PrepareAsync_WorkRootOwnedByAnotherUser_FailsBeforeMakingTheWorkspace()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        var workRoot = Directory.CreateDirectory(temp["work"]).FullName;
        File.SetUnixFileMode(workRoot, (UnixFileMode)0b111_111_111);
        Chown(workRoot, 65534);
        using var workspace = new LocalStepWorkspace(store, store, store, "run1", new StepDefinition { Name = "s" }, 1, Path.Combine(workRoot, "run1", "s", "1"), keep: false)
        {
            WorkRoot = workRoot,
        };

        var error = await Assert.ThrowsAsync<UnsafeFolderException>(() => workspace.PrepareAsync(ct));

        Assert.Contains("owned by uid 65534", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(workRoot));
    }

    private static string CurrentUid()
    {
        using var id = Process.Start(new ProcessStartInfo("id", "-u") { RedirectStandardOutput = true })!;
        var uid = id.StandardOutput.ReadToEnd().Trim();
        id.WaitForExit();
        return uid;
    }

    private static void Chown(string path, int uid)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", [uid.ToString(), path]))!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
