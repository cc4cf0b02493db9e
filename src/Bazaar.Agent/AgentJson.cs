using System.Text.Json;
using System.Text.Json.Serialization;
using Bazaar.Graphs;
using Bazaar.Remotes;

namespace Bazaar.Agent;

/// <summary>
/// The protocol's JSON, generated at build time (no reflection: the agent is compiled ahead of time), with
/// the settings of <see cref="RemoteStepProtocol.Json"/>: web defaults (camelCase, case-insensitive reads),
/// nulls left out, enums as camelCase strings.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseProductKindConverter)])]
[JsonSerializable(typeof(RemoteStepRequest))]
[JsonSerializable(typeof(RemoteStepResponse))]
internal sealed partial class AgentJson : JsonSerializerContext;

/// <summary><see cref="ProductKind"/> as <c>file</c>, <c>directory</c>, <c>marker</c>, as the protocol writes it.</summary>
internal sealed class CamelCaseProductKindConverter() : JsonStringEnumConverter<ProductKind>(JsonNamingPolicy.CamelCase);
