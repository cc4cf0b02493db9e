namespace Bazaar.Hosting;

/// <summary>
/// A secret kept in a file only its user can read (0600, in a 0700 folder): the local emulator's
/// account key and <c>serve</c>'s token. Reading puts the mode back, should something have widened it.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads the secret, or <see langword="null"/> when the file is missing or empty.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The secret, trimmed.</returns>
    public static string? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerReadWrite);
        }

        var secret = File.ReadAllText(path).Trim();
        return secret.Length > 0 ? secret : null;
    }

    /// <summary>Reads the secret, or writes <paramref name="create"/>'s when there is none.</summary>
    /// <param name="path">The file; its folder is created 0700 if missing.</param>
    /// <param name="create">Makes a new secret.</param>
    /// <returns>The secret.</returns>
    public static string ReadOrCreate(string path, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (Read(path) is { } existing)
        {
            return existing;
        }

        Files.PrivateFolder.Create(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var secret = create();
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var file = new StreamWriter(path, options))
        {
            file.Write(secret);
        }

        return secret;
    }
}
