namespace Bazaar.Testing;

/// <summary>Finds files of the repository the tests were built from.</summary>
public static class RepositoryRoot
{
    /// <summary>Gets the folder that holds Bazaar.sln.</summary>
    public static string Path { get; } = Find();

    /// <summary>Combines a path relative to the repository root.</summary>
    /// <param name="relative">The relative path, e.g. <c>examples/hello.yaml</c>.</param>
    /// <returns>The full path.</returns>
    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bazaar.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Bazaar.sln above {AppContext.BaseDirectory}.");
    }
}
