using System.Text;

namespace Bazaar.Graphs;

/// <summary>
/// Loads graph files, YAML or JSON, into <see cref="GraphDefinition"/>s, reporting every problem
/// with its line.
/// </summary>
public static class GraphFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<string> SchemaText = new(ReadSchema);

    /// <summary>Gets the JSON Schema (draft 2020-12) of graph files, for editors and tools.</summary>
    public static string Schema => SchemaText.Value;

    /// <summary>Loads and checks a graph file.</summary>
    /// <param name="path">The file; <c>.json</c> is read as JSON, anything else as YAML unless it starts with <c>{</c>.</param>
    /// <param name="installedRemoteTypes">The remote types installed where the graph will run, such as <c>process</c>.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="GraphValidationException">The file is missing or the graph has problems; every one is listed.</exception>
    public static GraphDefinition Load(string path, IReadOnlySet<string> installedRemoteTypes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            // Strict: a file in another encoding would otherwise load with U+FFFD in its names and
            // fail later with a confusing message about the name instead of the encoding.
            text = StrictUtf8.GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw new GraphValidationException(
                [new GraphProblem($"the file is not valid UTF-8 text ({e.Message}); save it as UTF-8", Path.GetFileName(path))]);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GraphValidationException(
                [new GraphProblem($"the graph file does not exist (looked for {Path.GetFullPath(path)}); check the path", Path.GetFileName(path))]);
        }

        return Parse(text, Path.GetFileName(path), installedRemoteTypes);
    }

    /// <summary>Reads and checks a graph from text.</summary>
    /// <param name="text">The graph, YAML or JSON.</param>
    /// <param name="sourceName">The name problems show as the source, usually the file name; a name ending in <c>.json</c> is read as JSON.</param>
    /// <param name="installedRemoteTypes">The remote types installed where the graph will run, such as <c>process</c>.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="GraphValidationException">The graph has problems; every one is listed.</exception>
    /// <exception cref="GraphTooLargeException">
    /// The graph expands, aliases counted as copies of their anchors, past what a graph may hold
    /// (2,000,000 maps, lists and scalars); it was refused before it was built.
    /// </exception>
    public static GraphDefinition Parse(string text, string sourceName, IReadOnlySet<string> installedRemoteTypes)
    {
        var (graph, problems, tooLarge) = Read(text, sourceName, installedRemoteTypes);
        if (tooLarge)
        {
            throw new GraphTooLargeException(problems);
        }

        return problems.Count > 0 ? throw new GraphValidationException(problems) : graph!;
    }

    /// <summary>Reads and checks a graph, returning the problems instead of throwing; <c>TooLarge</c> when it expands past the <see cref="GraphBudget"/>.</summary>
    internal static (GraphDefinition? Graph, IReadOnlyList<GraphProblem> Problems, bool TooLarge) Read(
        string text,
        string sourceName,
        IReadOnlySet<string> installedRemoteTypes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(installedRemoteTypes);
        var problems = new ProblemList(sourceName);
        var budget = new GraphBudget(problems);
        GraphNode? root;
        try
        {
            root = IsJson(text, sourceName) ? JsonGraphReader.Read(text, problems, budget) : YamlGraphReader.Read(text, problems, budget);
        }
        catch (GraphTooLargeException)
        {
            // Nothing more is read or built: the problems so far, in file order, and last the one that stopped it.
            return (null, problems.Items, true);
        }

        if (root is null && problems.Count > 0)
        {
            return (null, problems.Items, false);
        }

        var map = new GraphSourceMap(sourceName);
        var graph = GraphReader.Read(root, problems, map, installedRemoteTypes);
        if (graph is null)
        {
            return (null, problems.Sorted(), false);
        }

        foreach (var problem in GraphValidator.Validate(graph, installedRemoteTypes, map))
        {
            problems.Add(problem.Message, problem.Line, problem.Column);
        }

        return (graph, problems.Sorted(), false);
    }

    private static bool IsJson(string text, string sourceName)
    {
        if (sourceName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (sourceName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || sourceName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal);
    }

    private static string ReadSchema()
    {
        using var stream = typeof(GraphFile).Assembly.GetManifestResourceStream("Bazaar.graph.schema.json")
            ?? throw new InvalidOperationException("The graph schema is not embedded in Bazaar.Graphs; the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
