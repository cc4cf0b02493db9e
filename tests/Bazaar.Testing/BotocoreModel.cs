using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bazaar.Testing;

/// <summary>
/// An AWS service's API model as botocore ships it (the AWS CLI's <c>botocore/data/&lt;service&gt;/&lt;version&gt;/service-2.json</c>),
/// to check a request body Bazaar writes by hand against the shapes AWS publishes: every member known, every
/// required one there, each of the shape's type, enum and bounds.
/// </summary>
public sealed class BotocoreModel
{
    private static readonly Lazy<(string? Folder, string? Missing, string Version)> Data = new(FindData);
    private readonly JsonObject shapes;
    private readonly JsonObject operations;

    private BotocoreModel(JsonObject model)
    {
        this.Metadata = model["metadata"]!.AsObject();
        this.shapes = model["shapes"]!.AsObject();
        this.operations = model["operations"]!.AsObject();
    }

    /// <summary>Gets what this machine lacks to read the models (python3 with botocore, as the AWS CLI installs), or <see langword="null"/>.</summary>
    public static string? Missing => Data.Value.Missing;

    /// <summary>Gets botocore's version and where its models are, for messages: an old botocore knows fewer members.</summary>
    public static string Describe => $"botocore {Data.Value.Version} at {Data.Value.Folder}";

    /// <summary>Gets the name requests are signed for: <c>signingName</c>, else (older models) <c>endpointPrefix</c>.</summary>
    public string SigningName => (string?)this.Metadata["signingName"] ?? (string)this.Metadata["endpointPrefix"]!;

    /// <summary>Gets the model's metadata (<c>targetPrefix</c>, <c>protocol</c>, <c>signingName</c>).</summary>
    public JsonObject Metadata { get; }

    /// <summary>Loads a service's model: its newest API version botocore ships.</summary>
    /// <param name="service">The service's folder, e.g. <c>ecs</c>, <c>batch</c>.</param>
    /// <returns>The model.</returns>
    public static BotocoreModel Load(string service)
    {
        var folder = Data.Value.Folder ?? throw new InvalidOperationException(Data.Value.Missing);
        var version = Directory.GetDirectories(Path.Combine(folder, service)).Order(StringComparer.Ordinal).Last();
        var plain = Path.Combine(version, "service-2.json");
        using var stream = File.Exists(plain) ? (Stream)File.OpenRead(plain) : new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress);
        return new BotocoreModel(JsonNode.Parse(stream)!.AsObject());
    }

    /// <summary>Gets the operation's HTTP method and request URI (REST protocols).</summary>
    /// <param name="operation">The operation, e.g. <c>SubmitJob</c>.</param>
    /// <returns>The method and URI.</returns>
    public (string Method, string RequestUri) Http(string operation)
    {
        var http = this.operations[operation]!["http"]!;
        return ((string)http["method"]!, (string)http["requestUri"]!);
    }

    /// <summary>Checks a request body against the operation's input shape.</summary>
    /// <param name="operation">The operation, e.g. <c>RunTask</c>.</param>
    /// <param name="body">The body.</param>
    /// <returns>Every problem, each with its JSON path; empty when the body fits.</returns>
    public IReadOnlyList<string> Problems(string operation, JsonNode? body)
    {
        var problems = new List<string>();
        if (this.operations[operation] is not { } op)
        {
            return [$"the model has no operation {operation}"];
        }

        this.Check((string)op["input"]!["shape"]!, body, "$", problems, bodyOnly: true);
        return problems;
    }

    private void Check(string shapeName, JsonNode? value, string path, List<string> problems, bool bodyOnly = false)
    {
        var shape = this.shapes[shapeName]!;
        var type = (string)shape["type"]!;
        switch (type)
        {
            case "structure":
                if (value is not JsonObject obj)
                {
                    problems.Add($"{path} must be an object ({shapeName})");
                    return;
                }

                var members = shape["members"]!.AsObject();
                foreach (var (name, member) in obj)
                {
                    if (members[name] is not { } declared)
                    {
                        problems.Add($"{path}.{name} is not a member of {shapeName}");
                    }
                    else if (bodyOnly && declared["location"] is not null)
                    {
                        problems.Add($"{path}.{name} belongs in the {declared["location"]}, not the body");
                    }
                    else
                    {
                        this.Check((string)declared["shape"]!, member, $"{path}.{name}", problems);
                    }
                }

                foreach (var required in shape["required"]?.AsArray() ?? [])
                {
                    var name = (string)required!;
                    var inBody = members[name]?["location"] is null;
                    if (inBody && (!obj.ContainsKey(name) || obj[name] is null))
                    {
                        problems.Add($"{path}.{name} is required by {shapeName}");
                    }
                }

                break;
            case "list":
                if (value is not JsonArray array)
                {
                    problems.Add($"{path} must be a list ({shapeName})");
                    return;
                }

                Bounds(shape, array.Count, path, "entries", problems);
                for (var i = 0; i < array.Count; i++)
                {
                    this.Check((string)shape["member"]!["shape"]!, array[i], $"{path}[{i}]", problems);
                }

                break;
            case "map":
                if (value is not JsonObject map)
                {
                    problems.Add($"{path} must be a map ({shapeName})");
                    return;
                }

                foreach (var (key, item) in map)
                {
                    this.Check((string)shape["key"]!["shape"]!, JsonValue.Create(key), $"{path}<key {key}>", problems);
                    this.Check((string)shape["value"]!["shape"]!, item, $"{path}.{key}", problems);
                }

                break;
            case "string":
                if (value is not JsonValue s || s.GetValueKind() != JsonValueKind.String)
                {
                    problems.Add($"{path} must be a string ({shapeName})");
                    return;
                }

                var text = s.GetValue<string>();
                if (shape["enum"] is JsonArray values && !values.Any(v => (string)v! == text))
                {
                    problems.Add($"{path} is '{text}', not one of {shapeName}'s {string.Join(", ", values.Select(v => (string)v!))}");
                }

                Bounds(shape, text.Length, path, "characters", problems);
                break;
            case "integer" or "long":
                if (value is not JsonValue n || n.GetValueKind() != JsonValueKind.Number || !long.TryParse(n.ToJsonString(), out var number))
                {
                    problems.Add($"{path} must be a whole number ({shapeName})");
                    return;
                }

                Bounds(shape, number, path, string.Empty, problems);
                break;
            case "double" or "float":
                if (value is not JsonValue d || d.GetValueKind() != JsonValueKind.Number)
                {
                    problems.Add($"{path} must be a number ({shapeName})");
                }

                break;
            case "boolean":
                if (value is not JsonValue b || b.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path} must be true or false ({shapeName})");
                }

                break;
            default:
                // timestamp, blob: not in the bodies Bazaar writes.
                problems.Add($"{path} has type {type} ({shapeName}), which this check does not read");
                break;
        }
    }

    private static void Bounds(JsonNode shape, long size, string path, string unit, List<string> problems)
    {
        if (shape["min"] is { } min && size < (long)min)
        {
            problems.Add($"{path} is {size} {unit}, below the model's minimum {min}".Replace("  ", " ", StringComparison.Ordinal));
        }

        if (shape["max"] is { } max && size > (long)max)
        {
            problems.Add($"{path} is {size} {unit}, above the model's maximum {max}".Replace("  ", " ", StringComparison.Ordinal));
        }
    }

    private static (string? Folder, string? Missing, string Version) FindData()
    {
        try
        {
            using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = python.StandardOutput.ReadToEnd().Trim().Split('\n');
            python.WaitForExit(30_000);
            var data = Path.Combine(output[0].Trim(), "data");
            return python.ExitCode == 0 && output.Length == 2 && Directory.Exists(data)
                ? (data, null, output[1].Trim())
                : (null, "python3 cannot import botocore, whose service models the request shapes are checked against (apt-get install python3-botocore, as ./test.sh does)", string.Empty);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "python3 is not installed; the request shapes are checked against botocore's service models (apt-get install python3-botocore, as ./test.sh does)", string.Empty);
        }
    }
}
