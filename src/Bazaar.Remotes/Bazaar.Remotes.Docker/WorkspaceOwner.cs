namespace Bazaar.Remotes.Docker;

/// <summary>This process's user, as <c>uid:gid</c>, read from <c>/proc/self/status</c> (no native calls).</summary>
internal static class WorkspaceOwner
{
    private static readonly Lazy<string?> LazyCurrent = new(Read);

    /// <summary>Gets this process's <c>uid:gid</c>, or <see langword="null"/> when it runs as root or the platform does not say.</summary>
    public static string? CurrentUnlessRoot => LazyCurrent.Value;

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
            // "Uid:	1000	1000	1000	1000": real, effective, saved, filesystem; files are made with the effective one.
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

        return uid is null || gid is null || uid == "0" ? null : $"{uid}:{gid}";
    }
}
