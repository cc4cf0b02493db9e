using System.Security.Cryptography;
using Bazaar.Hosting;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// <c>bazaar serve</c>'s credential when none is given: a random token made on first start and kept
/// in <c>~/.bazaar/serve.token</c>, readable by the user alone (as Jupyter keeps its token), which
/// <c>submit</c> reads too when it talks to a server on this machine.
/// </summary>
internal static class ServeToken
{
    public static string FilePath => Path.Combine(LocalStorageLocation.FromEnvironment().Home, "serve.token");

    /// <summary>Reads the token file, making it (0600) with a new random token when there is none.</summary>
    public static string LoadOrCreate()
    {
        if (Read() is { } existing)
        {
            return existing;
        }

        var path = FilePath;
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(path, options))
        {
            file.Write(token);
        }

        return token;
    }

    /// <summary>Reads the token file, keeping it 0600; <see langword="null"/> when there is none.</summary>
    public static string? Read()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : null;
    }
}
