using System.Globalization;
using System.Text.RegularExpressions;

namespace Bazaar.Graphs;

/// <summary>
/// Durations in graph files: a number with a unit (<c>500ms</c>, <c>90s</c>, <c>10m</c>, <c>1h</c>,
/// <c>1d</c>), several in a row (<c>1h30m</c>), or a plain number of seconds.
/// </summary>
public static partial class GraphDuration
{
    /// <summary>How to write a duration, for error messages.</summary>
    public const string Help = "write a number with a unit such as 500ms, 90s, 10m, 1h or 1h30m, or a plain number of seconds";

    /// <summary>Reads a duration as graph files write it.</summary>
    /// <param name="text">The text, e.g. <c>1m30s</c>.</param>
    /// <param name="duration">The duration, when the text is one.</param>
    /// <returns><see langword="true"/> when the text is a duration.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return TryFrom(plainSeconds * 1000, out duration);
        }

        if (!Pattern().IsMatch(text))
        {
            return false;
        }

        double milliseconds = 0;
        foreach (Match part in Part().Matches(text))
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            milliseconds += value * part.Groups[2].Value switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000,
            };
        }

        return TryFrom(milliseconds, out duration);
    }

    /// <summary>Writes a duration the way graph files do: <c>2s</c>, <c>1m30s</c>, <c>1.5s</c>, <c>500ms</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{Math.Max(0, (long)duration.TotalMilliseconds)}ms";
        }

        var text = string.Empty;
        if (duration.Days > 0)
        {
            text += $"{duration.Days}d";
        }

        if (duration.Hours > 0)
        {
            text += $"{duration.Hours}h";
        }

        if (duration.Minutes > 0)
        {
            text += $"{duration.Minutes}m";
        }

        if (duration.Seconds > 0 || duration.Milliseconds > 0)
        {
            text += duration.Milliseconds > 0 ? $"{duration.Seconds}.{duration.Milliseconds:000}".TrimEnd('0') + "s" : $"{duration.Seconds}s";
        }

        return text;
    }

    private static bool TryFrom(double milliseconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.IsNaN(milliseconds) || milliseconds < 0 || milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
