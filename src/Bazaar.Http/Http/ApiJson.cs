using System.Text.Json;

namespace Bazaar.Http;

/// <summary>How the API writes JSON: web defaults (camelCase), indented, as <c>bazaar run --json</c> does.</summary>
public static class ApiJson
{
    /// <summary>Gets the serializer options; clients read answers with the same.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
