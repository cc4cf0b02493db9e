namespace Bazaar.Graphs;

/// <summary>The rules for a product's path in a step's workspace.</summary>
internal static class ProductPaths
{
    /// <summary>Gets why a path is not allowed ("is absolute"), or <see langword="null"/> when it is fine.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "is empty";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "holds a NUL character";
        }

        if (path[0] is '/' or '\\' || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
        {
            return "is absolute";
        }

        var segments = path.Split('/', '\\');
        if (segments.Contains(".."))
        {
            return "leaves the workspace through '..'";
        }

        return segments.All(s => s is "" or ".") ? "is the workspace itself" : null;
    }

    /// <summary>Gets a path in one spelling, so <c>out/</c>, <c>./out</c> and <c>out</c> compare equal.</summary>
    public static string Normalize(string path) =>
        string.Join('/', path.Split('/', '\\').Where(s => s is not ("" or ".")));
}
