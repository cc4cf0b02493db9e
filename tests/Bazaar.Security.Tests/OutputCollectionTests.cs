using System.Diagnostics;
using System.Runtime.Versioning;
using Bazaar.Files;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Security.Tests;

/// <summary>What a step leaves in its workspace, planted to make Bazaar read a host file or block: refused.</summary>
[UnsupportedOSPlatform("windows")] // links, FIFOs and devices are the attacks
[Collection(AzuriteCollection.Name)]
public sealed class OutputCollectionTests(AzuriteFixture azurite)
{
    [Fact]
    public void Locate_LinkToAHostFile_IsRefusedNamingTheOutputAndTheTarget()
    {
        using var temp = new TempDirectory();
        File.CreateSymbolicLink(temp["out"], "/proc/self/environ");

        var error = Assert.Throws<UnsafeOutputException>(() => DeclaredOutput.Locate(temp.Path, "out", "out"));

        Assert.StartsWith(
            "Output 'out' (path out) is a symbolic link to /proc/self/environ; Bazaar collects only regular files and directories and does not follow links",
            error.Message);
    }

    [Fact]
    public void Locate_FileUnderALinkedFolder_IsRefusedNamingTheLink()
    {
        using var temp = new TempDirectory();
        Directory.CreateSymbolicLink(temp["d"], "/etc");

        var error = Assert.Throws<UnsafeOutputException>(() => DeclaredOutput.Locate(temp.Path, "host", "d/hostname"));

        Assert.Contains("Output 'host' (path d/hostname) lies under d, a symbolic link to /etc", error.Message);
    }

    [Theory]
    [InlineData("p", "a FIFO (named pipe)")]
    [InlineData("c 1 3", "a character device")]
    public void Locate_SpecialFile_IsRefusedSayingWhatItIs(string node, string what)
    {
        using var temp = new TempDirectory();
        Make(temp["out"], node);

        var error = Assert.Throws<UnsafeOutputException>(() => DeclaredOutput.Locate(temp.Path, "out", "out"));

        Assert.StartsWith($"Output 'out' (path out) is {what};", error.Message);
    }

    [Fact]
    public void OpenRegularFile_Fifo_IsRefusedWithoutBlocking()
    {
        using var temp = new TempDirectory();
        Make(temp["out"], "p");

        // A blocking open would never return: no one ever writes to this FIFO.
        var open = Task.Run(() => SafeFiles.OpenRegularFile(temp["out"]));

        var error = Assert.Throws<AggregateException>(() => open.Wait(TestTimeout.Token())).InnerException;
        Assert.Contains("is a FIFO (named pipe)", Assert.IsType<UnsafeOutputException>(error).Message);
    }

    [Fact]
    public void OpenRegularFile_Link_IsRefusedByTheOpenItself()
    {
        using var temp = new TempDirectory();
        temp.Write("secret.txt", "host secret");
        File.CreateSymbolicLink(temp["out"], temp["secret.txt"]);

        var error = Assert.Throws<UnsafeOutputException>(() => SafeFiles.OpenRegularFile(temp["out"]));

        Assert.Contains($"is a symbolic link to {temp["secret.txt"]}", error.Message);
    }

    [Fact]
    public async Task StageAsync_LinkToAHostFile_IsRefusedAndNothingIsStored()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        File.CreateSymbolicLink(temp["out"], "/etc/hostname");

        var error = await Assert.ThrowsAsync<UnsafeOutputException>(() => store.StageAsync("run1", "out", temp["out"], TestStores.Producer("run1"), ct));

        Assert.Contains("is a symbolic link to /etc/hostname", error.Message);
        Assert.Empty(await TestStores.ListAsync(container, "cas/", ct));
    }

    [Theory]
    [InlineData("p", "a FIFO (named pipe)")]
    [InlineData("c 1 3", "a character device")]
    public async Task StageAsync_DirectoryHoldingASpecialFile_IsRefusedPromptly(string node, string what)
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("out/ok.txt", "fine");
        Make(temp["out/sub/node"], node);

        var error = await Assert.ThrowsAsync<UnsafeOutputException>(() => store.StageAsync("run1", "out", temp["out"], TestStores.Producer("run1"), ct));

        Assert.Contains($"'sub/node' in the folder '{temp["out"]}' is {what}", error.Message);
    }

    /// <summary>Makes a FIFO ("p") or a device node ("c 1 3", as mknod takes it) with the system's own tools.</summary>
    private static void Make(string path, string node)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var info = new ProcessStartInfo(node == "p" ? "mkfifo" : "mknod") { ArgumentList = { path } };
        foreach (var part in node == "p" ? [] : node.Split(' '))
        {
            info.ArgumentList.Add(part);
        }

        using var tool = Process.Start(info)!;
        tool.WaitForExit();
        Assert.Equal(0, tool.ExitCode);
    }
}
