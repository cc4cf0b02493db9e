using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace Bazaar.Orchestration;

/// <summary>
/// How the orchestrations' inputs and outputs are written to the task hub (queue messages and history rows):
/// as Durable Task's own JSON converter writes them, less every null property. A no-run step's activity
/// input and result were a third nulls (<c>"Run":null</c>, <c>"Error":null</c>, …), each written to a queue
/// and to the history table (issue 16). Reading is unchanged, so histories written before read the same.
/// The client and the worker of a host must use the same converter.
/// </summary>
public static class HistoryJson
{
    /// <summary>Gets the converter.</summary>
    public static DataConverter Converter { get; } = new JsonDataConverter(new JsonSerializerOptions
    {
        // JsonDataConverter.Default's own options, plus the nulls left out.
        PropertyNameCaseInsensitive = true,
        IncludeFields = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
