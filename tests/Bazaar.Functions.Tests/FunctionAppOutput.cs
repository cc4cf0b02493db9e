using System.Reflection;
using System.Text.Json.Nodes;
using Bazaar.Testing;

namespace Bazaar.Functions.Tests;

/// <summary>
/// The Function App's build output: <c>src/Bazaar.Functions/bin/&lt;configuration&gt;/&lt;tfm&gt;</c>, the
/// folder that is deployed, built in the configuration these tests were built in. Building this
/// test project builds the app first, so it is there and current.
/// </summary>
internal static class FunctionAppOutput
{
    public static string Directory { get; } = Find();

    public static string PathOf(string file) => Path.Combine(Directory, file);

    public static JsonNode ReadJson(string file) =>
        JsonNode.Parse(File.ReadAllText(PathOf(file)), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })
        ?? throw new InvalidOperationException($"{PathOf(file)} is empty.");

    private static string Find()
    {
        var configuration = typeof(FunctionAppOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var directory = RepositoryRoot.Combine(Path.Combine("src", "Bazaar.Functions", "bin", configuration, framework));
        return File.Exists(Path.Combine(directory, "functions.metadata"))
            ? directory
            : throw new InvalidOperationException(
                $"No functions.metadata in {directory}: build src/Bazaar.Functions in {configuration} first (dotnet build -c {configuration}).");
    }
}
