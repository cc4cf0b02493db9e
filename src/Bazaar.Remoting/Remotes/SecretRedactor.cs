using System.Text.RegularExpressions;

namespace Bazaar.Remotes;

/// <summary>
/// Replaces the values of a step's secrets with <c>***</c> in text the step leaves behind: its log
/// lines, its error message, its record. Longer values first, so a value containing another is
/// redacted whole. A multi-line value (a PEM key, a JSON credential) is matched with either line
/// ending, and without the line breaks around it that a file read into a variable keeps. Whatever
/// the secrets, the signature of a SAS URL a remote echoes back (<c>sig=…</c>) is redacted too: it is
/// a credential to the run's storage.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret's value is replaced with.</summary>
    public const string Mask = "***";

    private readonly string[] values;

    /// <summary>Initializes a new instance of the <see cref="SecretRedactor"/> class.</summary>
    /// <param name="values">The secret values; empty ones are ignored (there is nothing to hide).</param>
    public SecretRedactor(IEnumerable<string> values) =>
        this.values = [.. values.SelectMany(Forms).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];

    /// <summary>Gets a value indicating whether there is no secret to redact (SAS signatures are redacted all the same).</summary>
    internal bool IsEmpty => this.values.Length == 0;

    /// <summary>Gets the forms of the values to find, longest first; a <c>\n</c> in one matches a line break of the log.</summary>
    internal IReadOnlyList<string> Values => this.values;

    /// <summary>Redacts every secret value and every SAS signature in <paramref name="text"/>.</summary>
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

        return RedactSas(text);
    }

    /// <summary>Replaces the value of every SAS signature (<c>sig=</c>, also URL- or JSON-escaped) in a text with <see cref="Mask"/>.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns>The text without signatures.</returns>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? RedactSas(string? text) =>
        text is null || !text.Contains("sig", StringComparison.OrdinalIgnoreCase) ? text : SasSignature().Replace(text, "${name}" + Mask);

    /// <summary>
    /// Gets how many characters at the end of <paramref name="text"/> may be a SAS signature cut short:
    /// a <c>sig=</c> whose value runs to the end, or the start of the name (<c>s</c>, <c>si</c>,
    /// <c>sig%3</c>). Whoever cuts text into pieces keeps those together with what follows, so the
    /// signature is redacted whole instead of leaving a piece of it on each side of the cut.
    /// </summary>
    /// <param name="text">The text before a cut.</param>
    /// <returns>The length of the open signature at the end, 0 when there is none.</returns>
    internal static int OpenSasSignatureLength(ReadOnlySpan<char> text)
    {
        // An encoded signature is under 200 characters; a longer run is not one to keep whole.
        var tail = text[Math.Max(0, text.Length - 256)..];
        foreach (var match in OpenSasSignature().EnumerateMatches(tail))
        {
            return match.Length;
        }

        return 0;
    }

    // A value read from a file keeps its final line break, which the log never shows as such; a value
    // with CRLF line endings is printed through tools that write LF, or logged after the CR is cut.
    private static IEnumerable<string> Forms(string value)
    {
        var trimmed = value.Trim('\r', '\n');
        yield return trimmed;
        var lf = trimmed.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (lf.Length != trimmed.Length)
        {
            yield return lf;
        }
    }

    // sig= at the start of a query parameter (after ?, &, a space or quote, or their %-, &amp;- or
    // \u-escapes); the value runs to the next parameter, quote, space or bracket, %-escapes included
    // except an escaped '&'.
    [GeneratedRegex(
        @"(?<name>(?:(?<![A-Za-z0-9_])|(?<=%26|%3F|\\u0026))sig(?:=|%3D))(?<value>(?:%(?!26)[0-9A-Fa-f]{2}|[^&%\s""'<>;,)\]}\\])+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SasSignature();

    // The start of the name (with the escaped '&' or '?' before it, or the start of that escape) or a
    // value reaching the end of the text; the leftmost such start is the longest tail. Broader than
    // SasSignature (no check of what comes before it): it only moves a cut.
    [GeneratedRegex(
        @"(?:(?:%26|%3F|\\u0026)?s(?:i(?:g(?:(?:=|%(?:3D?)?)(?:%(?!26)[0-9A-Fa-f]{2}|%[0-9A-Fa-f]?|[^&%\s""'<>;,)\]}\\])*)?)?)?|%[23]?|\\(?:u(?:0(?:02?)?)?)?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenSasSignature();
}
