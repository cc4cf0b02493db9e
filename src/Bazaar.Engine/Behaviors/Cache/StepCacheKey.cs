using System.Security.Cryptography;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Behaviors;

/// <summary>
/// The action-cache key of a step: sha256 of its canonical definition — what it runs, where
/// (the remote's type and settings), its environment, what it declares it makes — and the digest
/// of every input. Anything that could change its outputs changes the key; its name, timeout and
/// retry do not, so renaming a step or tuning its retries keeps its cache.
/// </summary>
internal static class StepCacheKey
{
    // Bumped when the canonical form changes, so old entries are simply never hit.
    private const int FormVersion = 1;

    /// <summary>Computes the key from the step and its inputs' digests (product name to digest).</summary>
    public static string Compute(StepDefinition step, IReadOnlyDictionary<string, string> inputDigests)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(inputDigests);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", FormVersion);
            if (step.Run?.Shell is { } shell)
            {
                json.WriteString("shell", shell);
            }
            else
            {
                json.WriteStartArray("args");
                foreach (var arg in step.Run?.Args ?? [])
                {
                    json.WriteStringValue(arg);
                }

                json.WriteEndArray();
            }

            json.WriteString("remote", step.Remote.Type);
            json.WritePropertyName("settings");
            WriteSorted(json, step.Remote.Settings);
            json.WritePropertyName("env");
            WriteSorted(json, step.Env.ToDictionary(e => e.Key, e => e.Value));
            if (step.Secrets.Count > 0)
            {
                // Names only: a secret's value never leaves the host, not even hashed. Left out when
                // empty so the keys of steps without secrets stay what they were.
                json.WriteStartArray("secrets");
                foreach (var name in step.Secrets.Distinct().Order(StringComparer.Ordinal))
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("produces");
            foreach (var output in step.Produces.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                json.WriteStartArray();
                json.WriteStringValue(output.Name);
                json.WriteStringValue(output.Path);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WritePropertyName("inputs");
            WriteSorted(json, step.Consumes.Distinct().ToDictionary(c => c, c => inputDigests[c]));
            json.WriteEndObject();
        }

        return BlobLayout.DigestOf(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteSorted<T>(Utf8JsonWriter json, IReadOnlyDictionary<string, T> values)
    {
        json.WriteStartObject();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(key);
            switch (value)
            {
                case JsonElement element:
                    WriteCanonical(json, element);
                    break;
                default:
                    json.WriteStringValue(value?.ToString());
                    break;
            }
        }

        json.WriteEndObject();
    }

    // Settings are JSON; objects are written with their keys sorted so the same settings in any order give one key.
    private static void WriteCanonical(Utf8JsonWriter json, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    json.WritePropertyName(property.Name);
                    WriteCanonical(json, property.Value);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                element.WriteTo(json);
                break;
        }
    }
}
