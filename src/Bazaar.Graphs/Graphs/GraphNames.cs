using System.Text.RegularExpressions;

namespace Bazaar.Graphs;

/// <summary>The naming rule shared by graphs, steps, products and remotes, and "did you mean" suggestions.</summary>
internal static partial class GraphNames
{
    public const string Rule = "1-64 letters, digits, '.', '_' or '-', and not '.' or '..'";

    public static bool IsValid(string? name) =>
        name is not null and not "." and not ".." && Pattern().IsMatch(name);

    /// <summary>Gets the closest candidate to a misspelt word, or <see langword="null"/> when none is close.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var lower = word.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            var distance = Distance(lower, candidate.ToLowerInvariant());
            if (distance < bestDistance && distance < candidate.Length)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Close enough to be the same word misspelt: "consume" for "consumes", "binary" for "binaries".
        return bestDistance <= Math.Max(2, word.Length / 2) ? best : null;
    }

    /// <summary>Formats a suggestion as " (did you mean 'x'?)", or nothing.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } s ? $" (did you mean '{s}'?)" : string.Empty;

    private static int Distance(string a, string b)
    {
        // Levenshtein with two rows; keys are short.
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
