using System.Text.Json;

namespace Bazaar.Cli.Output;

/// <summary>The JSON shape of everything <c>--json</c> prints: camelCase, enums as strings, indented.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
