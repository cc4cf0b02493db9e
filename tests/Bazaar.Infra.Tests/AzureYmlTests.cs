using Bazaar.Testing;
using YamlDotNet.RepresentationModel;

namespace Bazaar.Infra.Tests;

/// <summary>azure.yml has what azd needs to provision infra/ and deploy the Function App.</summary>
public sealed class AzureYmlTests
{
    private static readonly YamlMappingNode Root = Load();

    [Fact]
    public void AzureYml_NameAndRequiredAzdVersion()
    {
        Assert.Equal("bazaar", Scalar(Root, "name"));
        Assert.Equal(">= 1.22.1", Scalar(Map(Root, "requiredVersions"), "azd"));
        Assert.False(File.Exists(RepositoryRoot.Combine("azure.yaml")), "azure.yaml beside azure.yml: azd would read one and people edit the other");
    }

    [Fact]
    public void AzureYml_ApiService_IsTheFunctionsProjectOnAFunctionHost()
    {
        var api = Map(Map(Root, "services"), "api");

        Assert.Equal("dotnet", Scalar(api, "language"));
        Assert.Equal("function", Scalar(api, "host"));
        var project = Path.GetFullPath(RepositoryRoot.Combine(Scalar(api, "project")));
        Assert.True(File.Exists(Path.Combine(project, "Bazaar.Functions.csproj")), $"{project} does not hold Bazaar.Functions.csproj");
    }

    [Fact]
    public void AzureYml_Infra_IsTheBicepUnderInfra()
    {
        var infra = Map(Root, "infra");

        Assert.Equal("bicep", Scalar(infra, "provider"));
        Assert.True(File.Exists(RepositoryRoot.Combine(Path.Combine(Scalar(infra, "path"), Scalar(infra, "module") + ".bicep"))));
    }

    [Fact]
    public void FunctionApp_TaggedWithTheServiceName()
    {
        // azd finds the app to deploy to by this tag; it must match the service's name in azure.yml.
        var main = File.ReadAllText(RepositoryRoot.Combine("infra/main.bicep"));

        Assert.Contains("'azd-service-name': 'api'", main, StringComparison.Ordinal);
        Assert.Contains("'azd-env-name': environmentName", main, StringComparison.Ordinal);
    }

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryRoot.Combine("azure.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
