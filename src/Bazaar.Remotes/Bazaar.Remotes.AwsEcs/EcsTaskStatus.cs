using System.Text.Json;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// Reads ECS's <c>DescribeTasks</c> answer into what the engine asks: a task in <c>failures[]</c> as
/// <c>MISSING</c> is gone; <c>lastStatus</c> <c>STOPPED</c> is ended, with the agent container's <c>exitCode</c> when
/// it ran, and otherwise the task's <c>stoppedReason</c> (and the container's <c>reason</c>: an image that cannot be
/// pulled, no capacity); <c>RUNNING</c> and the states after it are running; the states before it are pending.
/// </summary>
internal static class EcsTaskStatus
{
    private static readonly string[] PendingStates = ["PROVISIONING", "PENDING", "ACTIVATING"];

    /// <summary>Reads the task's status.</summary>
    /// <param name="body">The answer's JSON.</param>
    /// <param name="taskArn">The task.</param>
    /// <param name="containerName">The container that runs the agent.</param>
    /// <returns>The status.</returns>
    public static CallHomeJobStatus Read(byte[] body, string taskArn, string? containerName)
    {
        using var document = JsonDocument.Parse(body);
        var task = Find(document.RootElement, "tasks", "taskArn", taskArn);
        if (task.ValueKind != JsonValueKind.Object)
        {
            var failure = Find(document.RootElement, "failures", "arn", taskArn);
            var reason = String(failure, "reason");
            return reason is null or "MISSING"
                ? new CallHomeJobStatus(CallHomeJobState.Gone, null, reason is null ? null : "ECS does not know the task (MISSING)")
                : throw new JsonException($"ECS could not describe the task: {reason}{(String(failure, "detail") is { } d ? $" ({d})" : string.Empty)}");
        }

        return Read(task, containerName);
    }

    /// <summary>Reads one task of a <c>DescribeTasks</c> answer.</summary>
    /// <param name="task">The task's JSON.</param>
    /// <param name="containerName">The container that runs the agent, or <see langword="null"/> for the only one.</param>
    /// <returns>The status.</returns>
    public static CallHomeJobStatus Read(JsonElement task, string? containerName)
    {
        var last = String(task, "lastStatus");
        if (last == "STOPPED")
        {
            var container = Container(task, containerName);
            int? exitCode = Child(container, "exitCode") is { ValueKind: JsonValueKind.Number } code && code.TryGetInt32(out var n) ? n : null;
            var reasons = new[] { String(task, "stopCode"), String(task, "stoppedReason"), String(container, "reason") }.Where(r => !string.IsNullOrEmpty(r)).Distinct().ToList();
            var reason = reasons.Count == 0 ? null : string.Join(": ", reasons);
            return exitCode is { } exit
                ? new CallHomeJobStatus(CallHomeJobState.Ended, exit, exit == 0 ? null : reason)
                : new CallHomeJobStatus(CallHomeJobState.Ended, null, reason ?? "the task stopped and its container has no exit code");
        }

        return last is null || PendingStates.Contains(last, StringComparer.Ordinal)
            ? new CallHomeJobStatus(CallHomeJobState.Pending, null, last)
            : new CallHomeJobStatus(CallHomeJobState.Running);
    }

    /// <summary>Reads the task's tag, or <see langword="null"/>.</summary>
    /// <param name="task">The task's JSON (described with <c>include: [TAGS]</c>).</param>
    /// <param name="key">The tag's key.</param>
    /// <returns>Its value.</returns>
    public static string? Tag(JsonElement task, string key)
    {
        if (Child(task, "tags") is { ValueKind: JsonValueKind.Array } tags)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (String(tag, "key") == key)
                {
                    return String(tag, "value");
                }
            }
        }

        return null;
    }

    /// <summary>Reads a string property, or <see langword="null"/>.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property.</param>
    /// <returns>The string.</returns>
    public static string? String(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement Container(JsonElement task, string? name)
    {
        if (Child(task, "containers") is not { ValueKind: JsonValueKind.Array } containers)
        {
            return default;
        }

        foreach (var container in containers.EnumerateArray())
        {
            if (String(container, "name") == name || containers.GetArrayLength() == 1)
            {
                return container;
            }
        }

        return default;
    }

    private static JsonElement Find(JsonElement root, string list, string key, string value)
    {
        if (Child(root, list) is { ValueKind: JsonValueKind.Array } items)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (String(item, key) == value)
                {
                    return item;
                }
            }
        }

        return default;
    }

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;
}
