namespace Bazaar.Graphs;

/// <summary>
/// Checks a graph before anything runs, whether it came from a file or from the C# API, and
/// reports every problem at once.
/// </summary>
public static class GraphValidator
{
    /// <summary>Checks a graph.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="installedRemoteTypes">The remote types installed where the graph will run, such as <c>process</c>.</param>
    /// <returns>Every problem found; empty when the graph is valid.</returns>
    public static IReadOnlyList<GraphProblem> Validate(GraphDefinition graph, IReadOnlySet<string> installedRemoteTypes) =>
        Validate(graph, installedRemoteTypes, map: null);

    /// <summary>Checks a graph loaded from a file, whose problems then carry lines.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="installedRemoteTypes">The remote types installed where the graph will run, such as <c>process</c>.</param>
    /// <param name="map">Where each part of the graph came from in its file, or <see langword="null"/>.</param>
    /// <returns>Every problem found, ordered by line; empty when the graph is valid.</returns>
    internal static IReadOnlyList<GraphProblem> Validate(
        GraphDefinition graph,
        IReadOnlySet<string> installedRemoteTypes,
        GraphSourceMap? map)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(installedRemoteTypes);
        var source = map?.Source ?? (string.IsNullOrEmpty(graph.Name) ? "graph" : graph.Name);
        var problems = new ProblemList(source);
        new GraphValidation(graph, installedRemoteTypes, map, problems).Run();
        return problems.Sorted();
    }

    /// <summary>Gets what is wrong with a remote's name or type, or <see langword="null"/>.</summary>
    internal static string? RemoteProblem(RemoteDefinition remote, IReadOnlySet<string> installed)
    {
        if (remote.Name is { } name && !GraphNames.IsValid(name))
        {
            return $"remote name '{name}' is not valid; use {GraphNames.Rule}";
        }

        if (installed.Contains(remote.Type))
        {
            return null;
        }

        var suggestion = GraphNames.DidYouMean(remote.Type, installed);
        if (remote.Name is { } named)
        {
            return $"remote '{named}' has type '{remote.Type}', which is not an installed remote type{suggestion} (installed: {Installed(installed)}); install its plug-in or use an installed type";
        }

        return remote.Settings.Count == 0
            ? $"remote '{remote.Type}' is neither defined under remotes: nor an installed remote type{suggestion} (installed: {Installed(installed)}); define it under remotes: or install its plug-in"
            : $"remote type '{remote.Type}' is not installed{suggestion} (installed: {Installed(installed)}); install its plug-in or use an installed type";
    }

    internal static string Installed(IReadOnlySet<string> installed) =>
        installed.Count == 0 ? "none" : string.Join(", ", installed.Order(StringComparer.Ordinal));
}
