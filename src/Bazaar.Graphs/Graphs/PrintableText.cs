using System.Globalization;
using System.Text;

namespace Bazaar.Graphs;

/// <summary>
/// Makes text that came from a client safe to print: control and format characters (newlines,
/// terminal escapes, bidirectional overrides, NUL) become visible <c>\uXXXX</c> escapes, so a name
/// cannot forge log lines, recolour a terminal or reorder what a reader sees.
/// </summary>
internal static class PrintableText
{
    /// <summary>Escapes the control and format characters of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text itself when it has none, otherwise a copy with each escaped.</returns>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = NeedsEscape(c) ? escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
