namespace Bazaar.Graphs;

/// <summary>
/// Where each part of a graph came from in its file, so problems found after loading still name
/// a line. A location is a path of keys as written in the file, list items named by their value:
/// <c>("steps", "compile")</c>, <c>("steps", "compile", "timeout")</c>,
/// <c>("steps", "compile", "consumes", "source")</c>, <c>("steps", "compile", "produces", "binaries")</c>,
/// <c>("inputs", "source")</c>, <c>("remotes", "sdk")</c>, <c>("name")</c>.
/// </summary>
internal sealed class GraphSourceMap
{
    private readonly Dictionary<string, (int Line, int Column)> locations = new(StringComparer.Ordinal);

    // Locations the loader already reported a problem at, so the validator does not report the
    // same mistake a second time in other words (a "steps:" that is a list is not also "no steps").
    private readonly HashSet<string> reported = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="GraphSourceMap"/> class.</summary>
    /// <param name="source">The file's name, as problems should show it.</param>
    public GraphSourceMap(string source)
    {
        this.Source = source;
    }

    /// <summary>Gets the file's name, as problems show it.</summary>
    public string Source { get; }

    /// <summary>Records where a location starts; the first record of a location wins.</summary>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column.</param>
    /// <param name="path">The location's path of keys.</param>
    public void Add(int line, int column, params string[] path) =>
        this.locations.TryAdd(Key(path), (line, column));

    /// <summary>Gets the line of a location, or of its nearest recorded parent.</summary>
    /// <param name="path">The location's path of keys.</param>
    /// <returns>The 1-based line, or <see langword="null"/> when neither it nor any parent is recorded.</returns>
    public int? LineOf(params string[] path) => this.Find(path)?.Line;

    /// <summary>Gets the column of a location, or of its nearest recorded parent.</summary>
    /// <param name="path">The location's path of keys.</param>
    /// <returns>The 1-based column, or <see langword="null"/> when neither it nor any parent is recorded.</returns>
    public int? ColumnOf(params string[] path) => this.Find(path)?.Column;

    internal void MarkReported(params string[] path) => this.reported.Add(Key(path));

    internal bool IsReported(params string[] path) => this.reported.Contains(Key(path));

    internal (int Line, int Column)? Find(string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var n = path.Length; n > 0; n--)
        {
            if (this.locations.TryGetValue(Key(path.AsSpan(0, n)), out var location))
            {
                return location;
            }
        }

        return null;
    }

    // A separator no name can hold, so a name with '/' in it cannot alias another location.
    private static string Key(ReadOnlySpan<string> path) => string.Join('\0', path.ToArray());
}
