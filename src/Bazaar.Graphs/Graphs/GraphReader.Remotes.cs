using System.Buffers;
using System.Text.Json;

namespace Bazaar.Graphs;

/// <content>Reading remotes: the named ones under <c>remotes:</c> and each step's <c>remote:</c>.</content>
internal sealed partial class GraphReader
{
    // Settings are small; the cap stops an alias bomb (an anchor repeated through aliases many
    // levels deep) from being expanded into JSON without bound.
    private const int MaxSettingsNodes = 10_000;

    private void ReadRemotes(GraphNode node)
    {
        if (node is ScalarNode { IsNull: true })
        {
            return;
        }

        if (node is not MappingNode body)
        {
            this.Report(
                $"remotes: is {node.Describe()}; write a map from each remote's name to its settings, e.g. remotes: {{ sdk: {{ type: docker, image: busybox }} }}",
                node,
                "remotes");
            return;
        }

        foreach (var (key, value) in this.Entries(body, "under remotes:", ["remotes"]))
        {
            string[] path = ["remotes", key.Value];
            this.map.Add(key.Line, key.Column, path);
            if (this.ReadRemoteBody(key.Value, value, $"remote '{key.Value}'", path) is { } remote)
            {
                this.remotes[key.Value] = remote;
            }
        }
    }

    private RemoteDefinition ReadStepRemote(string step, GraphNode node, string[] path)
    {
        switch (node)
        {
            case ScalarNode { IsNull: true }:
                return RemoteDefinition.Process;
            case ScalarNode scalar when this.remotes.TryGetValue(scalar.Value, out var named):
                this.usedRemotes.Add(scalar.Value);
                return named;
            case ScalarNode { Value: "process" }:
                return RemoteDefinition.Process;
            case ScalarNode scalar:
                // A bare type; the validator says so when it is neither a name nor installed.
                return new RemoteDefinition { Type = scalar.Value };
            case MappingNode:
                return this.ReadRemoteBody(null, node, $"the remote of step '{step}'", path) ?? RemoteDefinition.Process;
            default:
                this.Report(
                    $"remote in step '{step}' is {node.Describe()}; write a name from remotes:, a remote type such as process, or a map with type: and settings",
                    node,
                    path);
                return RemoteDefinition.Process;
        }
    }

    private RemoteDefinition? ReadRemoteBody(string? name, GraphNode node, string what, string[] path)
    {
        if (node is not MappingNode body)
        {
            this.Report(
                $"{what} is {node.Describe()}; write a map with type: and the remote's settings, e.g. {{ type: docker, image: busybox }}",
                node,
                path);
            return null;
        }

        string? type = null;
        var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in this.Entries(body, $"in {what}", path))
        {
            string[] keyPath = [.. path, key.Value];
            this.map.Add(key.Line, key.Column, keyPath);
            if (key.Value == "type")
            {
                type = this.ScalarText(value, $"the type of {what}", "write a remote type such as process or docker", keyPath);
            }
            else
            {
                var budget = MaxSettingsNodes;
                var json = this.ToJson(value, $"in {what}", keyPath, ref budget);
                if (budget < 0)
                {
                    this.Report(
                        $"setting '{key.Value}' of {what} expands to more than {MaxSettingsNodes} values; settings must be small — remove the repeated aliases",
                        value,
                        keyPath);
                }
                else
                {
                    settings[key.Value] = json;
                }
            }
        }

        if (type is null)
        {
            if (!body.Entries.Any(e => e.Key.Value == "type"))
            {
                this.Report(
                    $"{what} has no type; add type: with a remote type (installed: {GraphValidator.Installed(this.installed)})",
                    node,
                    path);
            }

            return null;
        }

        return new RemoteDefinition { Name = name, Type = type, Settings = settings };
    }

    private void CheckUnusedRemotes()
    {
        // Remotes used by a step are checked by the validator, which sees them on the steps; the
        // rest are checked here so a typo in an unused remote is not silently kept.
        foreach (var (name, remote) in this.remotes)
        {
            if (!this.usedRemotes.Contains(name) && GraphValidator.RemoteProblem(remote, this.installed) is { } message)
            {
                string[] path = ["remotes", name];
                this.problems.Add(message, this.map.LineOf(path), this.map.ColumnOf(path));
            }
        }
    }

    private JsonElement ToJson(GraphNode node, string where, string[] path, ref int budget)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            this.WriteJson(writer, node, where, path, ref budget);
        }

        if (budget < 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private void WriteJson(Utf8JsonWriter writer, GraphNode node, string where, string[] path, ref int budget)
    {
        if (--budget < 0)
        {
            writer.WriteNullValue();
            return;
        }

        switch (node)
        {
            case ScalarNode { Kind: ScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case ScalarNode { Kind: ScalarKind.Bool } b:
                writer.WriteBooleanValue(b.Value.Equals("true", StringComparison.OrdinalIgnoreCase));
                break;
            case ScalarNode { Kind: ScalarKind.Number } n:
                writer.WriteRawValue(n.Value);
                break;
            case ScalarNode s:
                writer.WriteStringValue(s.Value);
                break;
            case SequenceNode list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    this.WriteJson(writer, item, where, path, ref budget);
                }

                writer.WriteEndArray();
                break;
            case MappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in this.Entries(map, where, path))
                {
                    writer.WritePropertyName(key.Value);
                    this.WriteJson(writer, value, where, path, ref budget);
                }

                writer.WriteEndObject();
                break;
        }
    }
}
