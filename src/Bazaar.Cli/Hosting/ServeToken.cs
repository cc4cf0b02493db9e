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
    public static string LoadOrCreate() => SecretFile.ReadOrCreate(FilePath, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    /// <summary>Reads the token file, keeping it 0600; <see langword="null"/> when there is none.</summary>
    public static string? Read() => SecretFile.Read(FilePath);
}
