namespace Bazaar.Remotes.Docker;

/// <summary>This process's user, as <c>uid:gid</c>, read from <c>/proc/self/status</c> (no native calls).</summary>
internal static class WorkspaceOwner
{
    private static readonly Lazy<string?> LazyCurrent = new(Read);

    /// <summary>
    /// Gets this process's <c>uid:gid</c> (<c>0:0</c> for root): the user step containers run as unless
    /// <c>user:</c> names another. <see langword="null"/> when the platform does not say.
    /// </summary>
    public static string? Current => LazyCurrent.Value;

    /// <summary>Gets this process's <c>uid:gid</c>, or <see langword="null"/> when it runs as root or the platform does not say.</summary>
    public static string? CurrentUnlessRoot => Current is { } current && !current.StartsWith("0:", StringComparison.Ordinal) ? current : null;

    private static string? Read()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }

        string? uid = null;
        string? gid = null;
        foreach (var line in File.ReadLines(status))
        {
            // "Uid:	1000	1000	1000	1000": real, effective, saved, filesystem. Files are made with the
            // effective one, so a container of that user can write the workspace; the two differ only
            // for a set-uid program, which Bazaar is not.
            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 3 && fields[0] == "Uid:")
            {
                uid = fields[2];
            }
            else if (fields.Length >= 3 && fields[0] == "Gid:")
            {
                gid = fields[2];
            }
        }

        return uid is null || gid is null ? null : $"{uid}:{gid}";
    }
}
