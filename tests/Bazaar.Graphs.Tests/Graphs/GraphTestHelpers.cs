using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Graphs.Tests.Graphs;

/// <summary>Shared bits of the graph tests.</summary>
internal static class GraphTestHelpers
{
    public static readonly IReadOnlySet<string> ProcessOnly = new HashSet<string>(StringComparer.Ordinal) { "process" };

    /// <summary>Records holding lists compare by reference; their JSON compares by value.</summary>
    public static string Json(GraphDefinition graph) => JsonSerializer.Serialize(graph);

    /// <summary>Gets the problems of a graph text, or none when it is valid.</summary>
    public static IReadOnlyList<GraphProblem> Problems(string text, string source = "test.yaml")
    {
        try
        {
            GraphFile.Parse(text, source, ProcessOnly);
            return [];
        }
        catch (GraphValidationException e)
        {
            return e.Problems;
        }
    }

    /// <summary>Finds the repository's root: the folder holding Bazaar.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bazaar.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Bazaar.sln above {AppContext.BaseDirectory}.");
    }
}
