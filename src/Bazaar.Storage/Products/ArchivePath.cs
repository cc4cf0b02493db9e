namespace Bazaar.Products;

/// <summary>
/// Paths inside a directory product's tar: '/'-separated, relative to the product's root. Shared by
/// the writer and the extractor so both normalise symbolic-link targets the same way.
/// </summary>
internal static class ArchivePath
{
    /// <summary>
    /// Resolves a symbolic link's target against the link's folder and rewrites it in the normal form
    /// <c>(../)*name/name…</c>. Because every link is stored and created in this form, and nothing is
    /// ever written through a link, following any link leads back inside the root.
    /// </summary>
    /// <param name="linkPath">The link's own path, relative to the root.</param>
    /// <param name="target">The link's target as stored (relative; absolute targets are refused).</param>
    /// <returns>The normalised target, or <see langword="null"/> when it leads outside the root.</returns>
    public static string? NormalizeLinkTarget(string linkPath, string target)
    {
        if (target.Length == 0 || IsRooted(target) || target.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var folder = linkPath.Split('/');
        var resolved = new List<string>(folder.Length - 1);
        resolved.AddRange(folder.AsSpan(0, folder.Length - 1));
        foreach (var segment in target.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (resolved.Count == 0)
                {
                    return null;
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            resolved.Add(segment);
        }

        var common = 0;
        while (common < folder.Length - 1 && common < resolved.Count && folder[common] == resolved[common])
        {
            common++;
        }

        var parts = Enumerable.Repeat("..", folder.Length - 1 - common).Concat(resolved.Skip(common)).ToList();
        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    /// <summary>Splits an entry name into its segments, refusing absolute paths and <c>..</c>.</summary>
    /// <param name="name">The entry name.</param>
    /// <param name="segments">The segments, without <c>.</c> and empty ones.</param>
    /// <returns>A reason the name is refused, or <see langword="null"/> when it is fine.</returns>
    public static string? TrySplit(string name, out List<string> segments)
    {
        segments = [];
        if (name.Length == 0)
        {
            return "an empty name";
        }

        if (IsRooted(name))
        {
            return "an absolute path";
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            return "a NUL character in its name";
        }

        // A backslash is an ordinary character on Unix but a separator on Windows: refuse '..' either way.
        foreach (var segment in name.Split('/', '\\'))
        {
            if (segment == "..")
            {
                return "a '..' segment";
            }
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return segments.Count == 0 ? "no name besides '.'" : null;
    }

    private static bool IsRooted(string path) =>
        path[0] is '/' or '\\' || Path.IsPathRooted(path);
}
