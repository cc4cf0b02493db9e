using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Bazaar.CallHome;

/// <summary>
/// The keys call-home tokens are signed with, each under a key id: the first signs, every one validates,
/// so a key is rotated by putting a new one first and dropping the old one once its tokens have expired.
/// Written as <c>kid1:base64key;kid2:base64key</c> (<c>BAZAAR_CALLBACK_KEYS</c>, or the local host's
/// 0600 file). The keys never leave this object: <see cref="ToString"/> shows the ids only.
/// </summary>
public sealed partial class CallbackKeyRing
{
    /// <summary>The shortest key accepted, in bytes: HMAC-SHA256's own output length.</summary>
    public const int MinimumKeyBytes = 32;

    private readonly List<(string Id, byte[] Key)> keys;

    private CallbackKeyRing(List<(string Id, byte[] Key)> keys) => this.keys = keys;

    /// <summary>Gets the key ids, the signing one first.</summary>
    public IReadOnlyList<string> KeyIds => this.keys.Select(k => k.Id).ToList();

    /// <summary>Gets the id of the key new tokens are signed with.</summary>
    public string SigningKeyId => this.keys[0].Id;

    internal byte[] SigningKey => this.keys[0].Key;

    /// <summary>Reads a key ring written as <c>kid1:base64key;kid2:base64key</c>.</summary>
    /// <param name="setting">The keys; the first signs.</param>
    /// <returns>The ring.</returns>
    /// <exception cref="BazaarException">The setting is not a list of keys; the message names the entry, never a key.</exception>
    public static CallbackKeyRing Parse(string? setting)
    {
        var entries = (setting ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            throw Invalid("it holds no key");
        }

        var keys = new List<(string Id, byte[] Key)>();
        for (var i = 0; i < entries.Length; i++)
        {
            var colon = entries[i].IndexOf(':', StringComparison.Ordinal);
            var id = colon < 0 ? string.Empty : entries[i][..colon].Trim();
            if (!KeyIdPattern().IsMatch(id))
            {
                throw Invalid($"entry {i + 1} does not start with a key id (1 to 32 of A-Z, a-z, 0-9, '_' and '-') and a ':'");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(entries[i][(colon + 1)..].Trim());
            }
            catch (FormatException)
            {
                throw Invalid($"the key of '{id}' is not base64");
            }

            if (key.Length < MinimumKeyBytes)
            {
                throw Invalid($"the key of '{id}' is {key.Length} bytes; a key must be at least {MinimumKeyBytes} random bytes");
            }

            if (keys.Any(k => k.Id == id))
            {
                throw Invalid($"the key id '{id}' appears twice");
            }

            keys.Add((id, key));
        }

        return new CallbackKeyRing(keys);
    }

    /// <summary>Makes a new random key, written as a one-key setting (<c>kid:base64key</c>) that <see cref="Parse"/> reads.</summary>
    /// <returns>The setting; a secret.</returns>
    public static string NewSetting() =>
        $"k{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes))}";

    /// <summary>Describes the ring by its key ids; the keys are never shown.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"callback keys {string.Join(", ", this.KeyIds)} ({this.SigningKeyId} signs)";

    internal byte[]? Find(ReadOnlySpan<char> keyId)
    {
        foreach (var (id, key) in this.keys)
        {
            if (keyId.SequenceEqual(id))
            {
                return key;
            }
        }

        return null;
    }

    internal static bool IsKeyId(ReadOnlySpan<char> keyId) => KeyIdPattern().IsMatch(keyId);

    private static BazaarException Invalid(string why) => new(
        $"The callback keys are not valid: {why}. Write them as kid1:base64key;kid2:base64key (the first signs), " +
        $"each key {MinimumKeyBytes} or more random bytes, e.g. from 'openssl rand -base64 {MinimumKeyBytes}'.")
    {
        Kind = Graphs.FailureKind.Misconfigured,
    };

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();
}
