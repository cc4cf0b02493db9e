using System.Text.Json;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// Reads a container group as ARM's <c>GET</c> answers it (api-version 2023-05-01) into what the engine asks:
/// the agent container's <c>instanceView.currentState</c> (<c>Waiting</c>, <c>Running</c>, <c>Terminated</c> with
/// its <c>exitCode</c> and <c>detailStatus</c>), the group's <c>provisioningState</c> (<c>Failed</c>: it never ran,
/// an image that cannot be pulled, no capacity) and the group's <c>instanceView.state</c> (<c>Stopped</c>
/// after a stop).
/// </summary>
internal static class ContainerGroupStatus
{
    /// <summary>Reads the state.</summary>
    /// <param name="body">The group's JSON.</param>
    /// <returns>The state; <see cref="CallHomeJobState.Pending"/> when ARM says nothing of a start yet.</returns>
    public static CallHomeJobStatus Read(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var properties = Child(document.RootElement, "properties");
        var provisioning = String(properties, "provisioningState");
        var groupState = String(Child(properties, "instanceView"), "state");
        var current = default(JsonElement);
        if (Child(properties, "containers") is { ValueKind: JsonValueKind.Array } containers)
        {
            foreach (var container in containers.EnumerateArray())
            {
                if (String(container, "name") is ContainerGroupBody.ContainerName || containers.GetArrayLength() == 1)
                {
                    current = Child(Child(Child(container, "properties"), "instanceView"), "currentState");
                }
            }
        }

        var state = String(current, "state");
        var detail = String(current, "detailStatus");
        if (state == "Terminated")
        {
            int? exitCode = current.TryGetProperty("exitCode", out var code) && code.TryGetInt32(out var n) ? n : null;
            return new CallHomeJobStatus(CallHomeJobState.Ended, exitCode, detail is null or "Completed" ? null : detail);
        }

        if (provisioning is "Failed" or "Canceled")
        {
            var why = LastEvent(properties) ?? detail;
            return new CallHomeJobStatus(CallHomeJobState.Ended, null, $"provisioning {provisioning.ToLowerInvariant()}{(why is null ? string.Empty : ": " + why)}");
        }

        if (state == "Running")
        {
            return new CallHomeJobStatus(CallHomeJobState.Running);
        }

        return groupState is "Stopped" or "Succeeded" or "Failed"
            ? new CallHomeJobStatus(CallHomeJobState.Ended, null, $"container group {groupState.ToLowerInvariant()}")
            : new CallHomeJobStatus(CallHomeJobState.Pending, null, detail);
    }

    /// <summary>Reads the group's tag, or <see langword="null"/>.</summary>
    /// <param name="body">The group's JSON.</param>
    /// <param name="tag">The tag's name.</param>
    /// <returns>Its value.</returns>
    public static string? Tag(byte[] body, string tag)
    {
        using var document = JsonDocument.Parse(body);
        return String(Child(document.RootElement, "tags"), tag);
    }

    // The last event ACI recorded for the group or its container ("Failed to pull image …"), which says why it failed.
    private static string? LastEvent(JsonElement properties)
    {
        string? last = null;
        foreach (var events in EventLists(properties))
        {
            foreach (var e in events.EnumerateArray())
            {
                if (String(e, "message") is { Length: > 0 } message)
                {
                    last = message;
                }
            }
        }

        return last;
    }

    private static IEnumerable<JsonElement> EventLists(JsonElement properties)
    {
        if (Child(Child(properties, "instanceView"), "events") is { ValueKind: JsonValueKind.Array } group)
        {
            yield return group;
        }

        if (Child(properties, "containers") is { ValueKind: JsonValueKind.Array } containers)
        {
            foreach (var container in containers.EnumerateArray())
            {
                if (Child(Child(Child(container, "properties"), "instanceView"), "events") is { ValueKind: JsonValueKind.Array } events)
                {
                    yield return events;
                }
            }
        }
    }

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;

    private static string? String(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
