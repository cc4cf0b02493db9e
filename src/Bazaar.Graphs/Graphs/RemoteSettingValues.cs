using System.Text.Json;

namespace Bazaar.Graphs;

/// <summary>What every remote's settings reader does alike: read a text setting, and describe a value it refused.</summary>
public static class RemoteSettingValues
{
    /// <summary>
    /// Reads the text setting <paramref name="key"/>, trimmed; an absent or null one is <see langword="null"/>,
    /// and anything else than non-blank text is reported to <paramref name="problems"/> with <paramref name="advice"/>.
    /// </summary>
    /// <param name="settings">The remote's settings.</param>
    /// <param name="remoteType">The remote type, for the message (<c>aws-lambda</c>).</param>
    /// <param name="key">The setting.</param>
    /// <param name="advice">What to write instead.</param>
    /// <param name="problems">Where a problem goes.</param>
    /// <param name="prefix">The path of a nested setting (<c>registry.</c>): named in the message, and as the problem's setting.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public static string? Text(IReadOnlyDictionary<string, JsonElement> settings, string remoteType, string key, string advice, List<RemoteSettingProblem> problems, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        if (!settings.TryGetValue(key, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString()!.Trim();
        }

        problems.Add(new(prefix.Length > 0 ? prefix.TrimEnd('.') : key, $"{remoteType} setting '{prefix}{key}' is {Describe(value)}; {advice}"));
        return null;
    }

    /// <summary>
    /// Reads the number setting <paramref name="key"/>, written as a number or as text (YAML may hand <c>1.5</c> over as
    /// <c>"1.5"</c>); an absent or null one is <see langword="null"/>, and one that is not a number from
    /// <paramref name="min"/> to <paramref name="max"/> is reported to <paramref name="problems"/> with <paramref name="advice"/>.
    /// </summary>
    /// <param name="settings">The remote's settings.</param>
    /// <param name="remoteType">The remote type, for the message.</param>
    /// <param name="key">The setting.</param>
    /// <param name="min">The least value.</param>
    /// <param name="max">The greatest value.</param>
    /// <param name="advice">What the number means, after "write {min} to {max}", e.g. <c>cores, e.g. cpu: 1</c>.</param>
    /// <param name="problems">Where a problem goes.</param>
    /// <returns>The number, or <see langword="null"/>.</returns>
    public static double? Number(IReadOnlyDictionary<string, JsonElement> settings, string remoteType, string key, double min, double max, string advice, List<RemoteSettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        if (!settings.TryGetValue(key, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => double.NaN,
        };
        if (double.IsNaN(parsed) || parsed < min || parsed > max)
        {
            var range = $"{min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            problems.Add(new(key, $"{remoteType} setting '{key}' is {Describe(value)}; write {range} {advice}"));
            return null;
        }

        return parsed;
    }

    /// <summary>Describes a setting's value for a message: text quoted, a number or boolean as written, otherwise its shape.</summary>
    /// <param name="value">The value.</param>
    /// <returns>E.g. <c>'abc'</c>, <c>12</c>, <c>a list</c>, <c>a map</c>, <c>empty</c>.</returns>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{value.GetString()}'",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "a map",
        _ => "empty",
    };
}
