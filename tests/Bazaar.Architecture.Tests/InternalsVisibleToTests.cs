namespace Bazaar.Architecture.Tests;

/// <summary>
/// The core assemblies show their internals to tests only: a layer above uses the public API its
/// PublicAPI.*.txt files declare, so a change to what one layer needs of another is a visible diff.
/// </summary>
public sealed class InternalsVisibleToTests
{
    public static TheoryData<string, string> Assemblies => new()
    {
        { "src/Bazaar.Graphs", "Bazaar.Graphs" },
        { "src/Bazaar.Remoting", "Bazaar.Remoting" },
        { "src/Bazaar.Storage", "Bazaar.Storage" },
        { "src/Bazaar.Engine", "Bazaar.Engine" },
        { "src/Bazaar.Http", "Bazaar.Http" },
        { "src/Bazaar.Hosting.Local", "Bazaar.Hosting.Local" },
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void InternalsVisibleTo_OnlyTestAssemblies(string project, string assembly)
    {
        var granted = BuiltAssembly.InternalsVisibleToOf(project, assembly);

        Assert.Contains(assembly + ".Tests", granted);
        var others = granted.Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal) && name is not "Bazaar.IntegrationTests" and not "Bazaar.Testing" and not "DynamicProxyGenAssembly2").ToList();
        Assert.True(others.Count == 0, $"{assembly} shows its internals to {string.Join(", ", others)}; make what they use public (and list it in PublicAPI.Unshipped.txt) instead");
    }
}
