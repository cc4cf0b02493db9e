namespace Bazaar.Remotes;

/// <summary>
/// Replaces the values of a step's secrets with <c>***</c> in text the step leaves behind: its log
/// lines, its error message, its record. Longer values first, so a value containing another is
/// redacted whole.
/// </summary>
internal sealed class SecretRedactor
{
    /// <summary>What a secret's value is replaced with.</summary>
    public const string Mask = "***";

    private readonly string[] values;

    /// <summary>Initializes a new instance of the <see cref="SecretRedactor"/> class.</summary>
    /// <param name="values">The secret values; empty ones are ignored (there is nothing to hide).</param>
    public SecretRedactor(IEnumerable<string> values) =>
        this.values = [.. values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];

    /// <summary>Gets a value indicating whether there is anything to redact.</summary>
    public bool IsEmpty => this.values.Length == 0;

    /// <summary>Redacts every secret value in <paramref name="text"/>.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns>The text with each value replaced by <see cref="Mask"/>.</returns>
    public string? Redact(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var value in this.values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
