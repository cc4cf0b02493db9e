namespace Bazaar.Files;

/// <summary>
/// Folders only this user can enter, for workspaces and upload staging. By default they live in a
/// per-user folder under the temporary folder, <c>bazaar-&lt;uid&gt;</c>, made 0700; since another user
/// could create that name first, it is used only once seen to be a real folder owned by this user and
/// closed to everyone else. Windows and macOS give every user a temporary folder of their own already.
/// </summary>
public static class PrivateFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOthers = (UnixFileMode)0b000_111_111;
    private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Gets the per-user folder's path under the system's temporary folder (not created).</summary>
    public static string PerUserRoot { get; } = PerUserRootIn(Path.GetTempPath());

    /// <summary>Gets the per-user folder's path under <paramref name="parent"/>: <c>bazaar-&lt;uid&gt;</c>, or <c>bazaar</c> without uids.</summary>
    /// <param name="parent">The shared folder it goes in.</param>
    /// <returns>The path.</returns>
    internal static string PerUserRootIn(string parent) =>
        Path.Combine(Path.GetFullPath(parent), NativeFiles.IsAvailable ? $"bazaar-{NativeFiles.EffectiveUserId()}" : "bazaar");

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) with mode 0700 unless it exists, then checks it is a
    /// real folder owned by this user that no one else can write to; inside the per-user folder, that folder is
    /// checked too, and must be closed to everyone else.
    /// </summary>
    /// <param name="path">The folder.</param>
    /// <param name="perUserRoot">The per-user folder; <see cref="PerUserRoot"/> by default.</param>
    /// <returns>The folder's full path.</returns>
    /// <exception cref="UnsafeFolderException">The folder, or the per-user folder it is in, is not safe to use.</exception>
    public static string Ensure(string path, string? perUserRoot = null)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.TrimEndingDirectorySeparator(perUserRoot ?? PerUserRoot);
        if (full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // Checked before anything is created in it: a link there must not make Bazaar create folders elsewhere.
            Create(root);
            Verify(root, GroupOrOthers);
        }

        Create(full);
        Verify(full, GroupOrOthersWrite);
        return full;
    }

    /// <summary>Creates a new, uniquely named folder with mode 0700 inside <paramref name="parent"/>, which <see cref="Ensure"/> checks first.</summary>
    /// <param name="parent">The folder it goes in.</param>
    /// <returns>The new folder's full path.</returns>
    public static string CreateUnique(string parent)
    {
        var folder = Path.Combine(Ensure(parent), Path.GetRandomFileName());
        Create(folder);
        return folder;
    }

    /// <summary>Creates a folder and its missing parents with mode 0700 (where modes exist).</summary>
    /// <param name="path">The folder.</param>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // .NET gives the mode to the last folder only; each missing parent is made 0700 too.
            var missing = new Stack<string>();
            for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
            {
                missing.Push(folder);
            }

            while (missing.TryPop(out var folder))
            {
                Directory.CreateDirectory(folder, OwnerOnly);
            }
        }
    }

    private static void Verify(string path, UnixFileMode forbidden)
    {
        if (!NativeFiles.IsAvailable)
        {
            return;
        }

        var (kind, owner, mode) = NativeFiles.LStat(path);
        var me = NativeFiles.EffectiveUserId();
        var problem = kind != FileKind.Directory ? $"it is {SafeFiles.Describe(kind, path)}, not a folder"
            : owner != me ? $"it is owned by uid {owner}, not by this user (uid {me})"
            : (mode & forbidden) != 0 ? $"its mode is {Convert.ToString((int)mode, 8)}: other users can {((mode & GroupOrOthersWrite) != 0 ? "write to" : "read")} it"
            : null;
        if (problem is not null)
        {
            throw new UnsafeFolderException(
                $"Bazaar will not keep step workspaces or uploads in '{path}': {problem}, so another user could read or replace what Bazaar puts there. " +
                $"Remove it (Bazaar creates it again, mode 700), or set a folder of your own (BazaarOptions.WorkRoot).");
        }
    }
}
