using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Bazaar.Testing;

namespace Bazaar.Architecture.Tests;

/// <summary>Reads a src project's own build output (bin/&lt;Configuration&gt;/&lt;TargetFramework&gt;) without loading it.</summary>
internal static class BuiltAssembly
{
    /// <summary>The names of the assemblies it references.</summary>
    public static List<string> ReferencesOf(string project, string assembly) => Read(project, assembly, metadata =>
        metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList());

    /// <summary>The assemblies its <c>[InternalsVisibleTo]</c> attributes name.</summary>
    public static List<string> InternalsVisibleToOf(string project, string assembly) => Read(project, assembly, metadata =>
    {
        var granted = new List<string>();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind == HandleKind.TypeReference && metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name) == "InternalsVisibleToAttribute")
            {
                // The blob: a 0x0001 prolog, then the one string argument.
                var value = metadata.GetBlobReader(attribute.Value);
                value.ReadUInt16();
                granted.Add(value.ReadSerializedString()!);
            }
        }

        return granted;
    });

    /// <summary>The path of its built assembly, in the configuration these tests were built in.</summary>
    public static string PathOf(string project, string assembly)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var framework = here.Name;
        var path = Path.Combine(RepositoryRoot.Path, project, "bin", configuration, framework, assembly + ".dll");
        Assert.True(File.Exists(path), $"{path} is not built; build Bazaar.sln in {configuration} first");
        return path;
    }

    private static T Read<T>(string project, string assembly, Func<MetadataReader, T> read)
    {
        using var stream = File.OpenRead(PathOf(project, assembly));
        using var pe = new PEReader(stream);
        return read(pe.GetMetadataReader());
    }
}
