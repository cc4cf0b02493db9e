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
