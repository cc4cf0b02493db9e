using System.Reflection;
using System.Runtime.CompilerServices;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Http;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Core.Tests.Architecture;

/// <summary>
/// The core assemblies show their internals to tests only: a layer above uses the public API its
/// PublicAPI.*.txt files declare, so a change to what one layer needs of another is a visible diff.
/// </summary>
public sealed class InternalsVisibleToTests
{
    public static TheoryData<string> Assemblies => new()
    {
        typeof(GraphDefinition).Assembly.GetName().Name!,
        typeof(IRemote).Assembly.GetName().Name!,
        typeof(ProductRef).Assembly.GetName().Name!,
        typeof(RunRequest).Assembly.GetName().Name!,
        typeof(RunsApi).Assembly.GetName().Name!,
        typeof(LocalDurableHost).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void InternalsVisibleTo_OnlyTestAssemblies(string assembly)
    {
        var granted = Assembly.Load(assembly).GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        Assert.NotEmpty(granted);
        var others = granted.Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal) && name is not "Bazaar.IntegrationTests" and not "DynamicProxyGenAssembly2").ToList();
        Assert.True(others.Count == 0, $"{assembly} shows its internals to {string.Join(", ", others)}; make what they use public (and list it in PublicAPI.Unshipped.txt) instead");
    }
}
