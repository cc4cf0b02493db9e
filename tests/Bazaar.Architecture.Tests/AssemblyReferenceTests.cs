using Bazaar.Testing;

namespace Bazaar.Architecture.Tests;

/// <summary>
/// The arrows of DESIGN.md's layout, read from the built assemblies: each project references only the
/// layers beneath it, the graph model and the remote contract nothing of Azure, ASP.NET or Durable
/// Task, each remote only the contract, and the Function App never the local host (Azurite, the engine in process).
/// Every src project has a row here (none escapes the check) and a test project of its own.
/// </summary>
public sealed class AssemblyReferenceTests
{
    private static readonly string[] Model = ["Bazaar.Graphs"];
    private static readonly string[] Contract = [.. Model, "Bazaar.Remoting"];
    private static readonly string[] Engine = [.. Contract, "Bazaar.Storage", "Bazaar.Engine"];

    // Third-party prefixes a layer must not reference, so a dependency cannot creep in through a using.
    private static readonly string[] AzureAspNetDurable = ["Azure.", "Microsoft.AspNetCore", "Microsoft.DurableTask", "DurableTask.", "Grpc."];

    public static TheoryData<string, string, string[], string[]> Layers => new()
    {
        { "src/Bazaar.Graphs", "Bazaar.Graphs", [], AzureAspNetDurable },
        { "src/Bazaar.Remoting", "Bazaar.Remoting", Model, AzureAspNetDurable },
        { "src/Bazaar.Storage", "Bazaar.Storage", Contract, ["Microsoft.AspNetCore", "Microsoft.DurableTask", "DurableTask.", "Grpc."] },
        { "src/Bazaar.Engine", "Bazaar.Engine", [.. Contract, "Bazaar.Storage"], ["Microsoft.AspNetCore", "DurableTask.", "Grpc."] },
        { "src/Bazaar.Http", "Bazaar.Http", Engine, ["DurableTask."] },
        // The engine in process: DurableTask.Core and Azure Storage, its client included; no gRPC, no web server.
        { "src/Bazaar.Hosting.Local", "Bazaar.Hosting.Local", Engine, ["Microsoft.AspNetCore", "Grpc.", "Microsoft.DurableTask.Grpc", "Microsoft.DurableTask.Client.Grpc", "Microsoft.DurableTask.Worker.Grpc", "Microsoft.DurableTask.Testing"] },
        { "src/Bazaar.Remotes/Bazaar.Remotes.Process", "Bazaar.Remotes.Process", Contract, AzureAspNetDurable },
        { "src/Bazaar.Remotes/Bazaar.Remotes.Docker", "Bazaar.Remotes.Docker", Contract, AzureAspNetDurable },
        { "src/Bazaar.Remotes/Bazaar.Remotes.AwsLambda", "Bazaar.Remotes.AwsLambda", Contract, AzureAspNetDurable },
        { "src/Bazaar.Remotes/Bazaar.Remotes.AzureFunctions", "Bazaar.Remotes.AzureFunctions", Contract, AzureAspNetDurable },
        // Azure Resource Manager through Azure.Core and Azure.Identity, but nothing of ASP.NET or Durable Task.
        { "src/Bazaar.Remotes/Bazaar.Remotes.AzureContainerInstances", "Bazaar.Remotes.AzureContainerInstances", Contract, ["Microsoft.AspNetCore", "Microsoft.DurableTask", "DurableTask.", "Grpc."] },
        // Amazon ECS and AWS Batch through AWSSDK.Core's signer, but nothing of Azure, ASP.NET or Durable Task.
        { "src/Bazaar.Remotes/Bazaar.Remotes.AwsEcs", "Bazaar.Remotes.AwsEcs", Contract, AzureAspNetDurable },
        { "src/Bazaar.Remotes/Bazaar.Remotes.AwsBatch", "Bazaar.Remotes.AwsBatch", Contract, AzureAspNetDurable },
        // The agent runs in a container FROM scratch, compiled ahead of time: the contract and nothing of Azure, ASP.NET or Durable Task.
        { "src/Bazaar.Agent", "bazaar-agent", Contract, AzureAspNetDurable },
        { "src/Bazaar.Functions", "Bazaar.Functions", [.. Engine, "Bazaar.Http", "Bazaar.Remotes.Process", "Bazaar.Remotes.AwsLambda", "Bazaar.Remotes.AzureFunctions", "Bazaar.Remotes.AzureContainerInstances", "Bazaar.Remotes.AwsEcs", "Bazaar.Remotes.AwsBatch"], [] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void References_PointOnlyDownward(string project, string assembly, string[] allowed, string[] forbiddenPrefixes)
    {
        var references = BuiltAssembly.ReferencesOf(project, assembly);

        var bazaar = references.Where(r => r.StartsWith("Bazaar.", StringComparison.Ordinal)).ToList();
        Assert.True(
            bazaar.All(allowed.Contains),
            $"{assembly} references {string.Join(", ", bazaar.Except(allowed))}; it may reference only {(allowed.Length == 0 ? "no Bazaar assembly" : string.Join(", ", allowed))} (DESIGN.md, Layout)");
        var forbidden = references.Where(r => forbiddenPrefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.True(forbidden.Count == 0, $"{assembly} references {string.Join(", ", forbidden)}, which its layer must not depend on");
    }

    [Fact]
    public void FunctionApp_DoesNotShipTheLocalHost()
    {
        var output = Path.GetDirectoryName(BuiltAssembly.PathOf("src/Bazaar.Functions", "Bazaar.Functions"))!;

        Assert.False(File.Exists(Path.Combine(output, "Bazaar.Hosting.Local.dll")), "the Function App's output holds the local host");
    }

    [Theory]
    [InlineData("src/Bazaar.Hosting.Local", "Bazaar.Hosting.Local")]
    [InlineData("src/Bazaar.Cli", "bazaar")]
    [InlineData("src/Bazaar.Functions", "Bazaar.Functions")]
    public void NothingDependsOnThePreviewTestHost(string project, string assembly)
    {
        // Microsoft.DurableTask.InProcessTestHost is a preview made for unit tests; the local host's client
        // calls the orchestration service in process instead of through the package's gRPC sidecar.
        var output = Path.GetDirectoryName(BuiltAssembly.PathOf(project, assembly))!;
        var dependencies = File.ReadAllText(Path.Combine(output, assembly + ".deps.json"));

        Assert.DoesNotContain("Microsoft.DurableTask.InProcessTestHost", dependencies, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Microsoft.DurableTask.Client", dependencies, StringComparison.Ordinal); // the file read is the real one
    }

    [Fact]
    public void References_AreReadFromTheBuiltAssemblies()
    {
        // The theory above would pass on an assembly that references nothing: make sure the reader sees the real arrows.
        Assert.Contains("Bazaar.Remoting", BuiltAssembly.ReferencesOf("src/Bazaar.Storage", "Bazaar.Storage"));
        Assert.Contains("Azure.Storage.Blobs", BuiltAssembly.ReferencesOf("src/Bazaar.Storage", "Bazaar.Storage"));
        Assert.Contains("Bazaar.Engine", BuiltAssembly.ReferencesOf("src/Bazaar.Hosting.Local", "Bazaar.Hosting.Local"));
    }

    [Fact]
    public void Layers_HaveARowForEverySrcProject()
    {
        // A project missing from the table would be checked by nothing; the CLI alone may reference anything.
        var rows = Layers.Select(row => (string)row[0]).Append("src/Bazaar.Cli").ToHashSet(StringComparer.Ordinal);

        var missing = SrcProjects().Where(p => !rows.Contains(p)).ToList();

        Assert.True(missing.Count == 0, $"{string.Join(", ", missing)} has no row in {nameof(Layers)}: add the assemblies it may reference (DESIGN.md, Layout)");
    }

    [Fact]
    public void SrcProjects_EachHaveTheirTestProjectInTheSolution()
    {
        var solution = File.ReadAllText(RepositoryRoot.Combine("Bazaar.sln"));

        var missing = SrcProjects()
            .Select(p => Path.GetFileName(p) + ".Tests")
            .Where(t => !File.Exists(RepositoryRoot.Combine($"tests/{t}/{t}.csproj")) || !solution.Contains($"\"tests\\{t}\\{t}.csproj\"", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"{string.Join(", ", missing)} missing from tests/ or from Bazaar.sln (DESIGN.md, Layout: one test project per src project)");
    }

    // Each project under src/ as its folder relative to the repository (src/Bazaar.Remotes/Bazaar.Remotes.Process);
    // obj/ holds generated projects (the Functions SDK's WorkerExtensions), which are not ours.
    private static List<string> SrcProjects() =>
    [
        .. Directory.EnumerateFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Where(p => !p.Split('/').Intersect(["bin", "obj"]).Any())
            .Order(StringComparer.Ordinal),
    ];
}
