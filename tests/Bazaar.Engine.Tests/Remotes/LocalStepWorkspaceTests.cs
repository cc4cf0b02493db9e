using Bazaar.Graphs;
using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Remotes;

[Collection(AzuriteCollection.Name)]
public sealed class LocalStepWorkspaceTests(AzuriteFixture azurite)
{
    private static readonly StepDefinition Step = new() { Name = "use", Consumes = ["a", "b"] };

    [Fact]
    public async Task PrepareAsync_InputsFetchedAhead_MaterializesEveryInputAtItsName()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("a.txt", "one");
        temp.Write("b.txt", "two");
        await store.PutAsync("run1", "a", temp["a.txt"], TestStores.Producer("run1"), ct);
        await store.PutAsync("run1", "b", temp["b.txt"], TestStores.Producer("run1"), ct);
        using var workspace = new LocalStepWorkspace(store, store, store, "run1", Step, 1, temp["ws"], keep: false);

        workspace.FetchInputsAhead(ct);
        var root = await workspace.PrepareAsync(ct);

        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(root, "a"), ct));
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(root, "b"), ct));
    }

    [Fact]
    public async Task PrepareAsync_InputMissingWhenFetchedAhead_ThrowsNamingIt()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        temp.Write("a.txt", "one");
        await store.PutAsync("run1", "a", temp["a.txt"], TestStores.Producer("run1"), ct);
        using var workspace = new LocalStepWorkspace(store, store, store, "run1", Step, 1, temp["ws"], keep: false);

        workspace.FetchInputsAhead(ct);
        var error = await Assert.ThrowsAsync<BazaarException>(() => workspace.PrepareAsync(ct));

        Assert.Contains("consumes product 'b'", error.Message);
        Assert.False(workspace.IsPrepared);
    }

    [Fact]
    public async Task PrepareAsync_NotFetchedAhead_MaterializesEveryInput()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        using var temp = new TempDirectory();
        await store.PutAsync("run1", "a", null, TestStores.Producer("run1"), ct);
        await store.PutAsync("run1", "b", null, TestStores.Producer("run1"), ct);
        using var workspace = new LocalStepWorkspace(store, store, store, "run1", Step, 1, temp["ws"], keep: false);

        var root = await workspace.PrepareAsync(ct);

        Assert.True(File.Exists(Path.Combine(root, "a")));
        Assert.True(File.Exists(Path.Combine(root, "b")));
    }
}
